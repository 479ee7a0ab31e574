namespace RevOps.RevenueContract;

/// <summary>Working time for a team: IANA time zone, working days, daily hours [start, end) in local time, holidays.</summary>
public sealed record BusinessCalendar
{
    public required string Id { get; init; }
    public required string TimeZone { get; init; }
    public required IReadOnlyList<DayOfWeek> WorkingDays { get; init; }
    public required TimeOnly DayStart { get; init; }
    public required TimeOnly DayEnd { get; init; }
    public IReadOnlyList<DateOnly> Holidays { get; init; } = [];

    public TimeZoneInfo FindTimeZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>Whether the local date is a working day that is not a holiday.</summary>
    public bool IsWorkingDay(DateOnly localDate) => WorkingDays.Contains(localDate.DayOfWeek) && !Holidays.Contains(localDate);

    /// <summary>Working time in one day: <see cref="DayEnd"/> minus <see cref="DayStart"/>.</summary>
    public TimeSpan WorkingDayLength => DayEnd - DayStart;

    /// <summary>
    /// When a window that opens at <paramref name="start"/> closes (UTC). Business hours count only working time in
    /// the calendar's zone, across nights, weekends, holidays and DST changes; a business day is one working day's
    /// length of working time (Monday 10:00 + 5 business days = next Monday 10:00); other units are wall-clock time.
    /// </summary>
    public DateTimeOffset AddBusinessTime(DateTimeOffset start, ContractDuration duration)
    {
        if (!duration.IsBusinessTime)
            return (start + duration.ToTimeSpan()).ToUniversalTime();
        var remaining = duration.Unit == DurationUnit.BusinessDays
            ? WorkingDayLength * duration.Amount
            : TimeSpan.FromHours(duration.Amount);
        var zone = FindTimeZone();
        var cursor = start.ToUniversalTime();
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(cursor, zone).DateTime);
        // Ten years of calendar days bounds the walk even for a calendar with almost no working days.
        for (var i = 0; i < 3660; i++, day = day.AddDays(1))
        {
            if (!IsWorkingDay(day))
                continue;
            var open = ToUtc(day, DayStart, zone);
            var close = ToUtc(day, DayEnd, zone);
            if (cursor >= close)
                continue;
            var from = cursor > open ? cursor : open;
            var available = close - from;
            if (remaining <= available)
                return from + remaining;
            remaining -= available;
            cursor = close;
        }
        throw new InvalidOperationException($"Calendar {Id} has no working time within ten years of {start:O}");
    }

    /// <summary>A local wall-clock time as UTC; a time skipped by a DST jump moves forward by the jump.</summary>
    private static DateTimeOffset ToUtc(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
            local = local.AddMinutes(30);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }
}
