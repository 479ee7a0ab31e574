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
}
