namespace RevOps.Reporting.Domain;

/// <summary>A half-open time range [From, To) in UTC.</summary>
public sealed record ReportPeriod
{
    public ReportPeriod(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
            throw new ArgumentException($"A report period must end after it starts (from {from:O}, to {to:O}).", nameof(to));
        From = from.ToUniversalTime();
        To = to.ToUniversalTime();
    }

    public DateTimeOffset From { get; }
    public DateTimeOffset To { get; }

    public bool Contains(DateTimeOffset? time) => time is { } t && t >= From && t < To;

    /// <summary>The ISO week (Monday 00:00 UTC to the next Monday) starting on <paramref name="monday"/>.</summary>
    public static ReportPeriod Week(DateOnly monday)
    {
        if (monday.DayOfWeek != DayOfWeek.Monday)
            throw new ArgumentException($"A review week starts on a Monday; {monday:yyyy-MM-dd} is a {monday.DayOfWeek}.", nameof(monday));
        var from = new DateTimeOffset(monday.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return new ReportPeriod(from, from.AddDays(7));
    }

    /// <summary>One calendar month in UTC.</summary>
    public static ReportPeriod Month(int year, int month)
    {
        var from = new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero);
        return new ReportPeriod(from, from.AddMonths(1));
    }

    /// <summary>
    /// How many months the period spans, counting partial months by their share of days
    /// (e.g. 1–15 June is 0.5): monthly commitments are prorated by it.
    /// </summary>
    public decimal MonthFraction()
    {
        decimal months = 0;
        var cursor = From;
        while (cursor < To)
        {
            var monthStart = new DateTimeOffset(cursor.Year, cursor.Month, 1, 0, 0, 0, TimeSpan.Zero);
            var monthEnd = monthStart.AddMonths(1);
            var sliceEnd = monthEnd < To ? monthEnd : To;
            months += (decimal)(sliceEnd - cursor).Ticks / (monthEnd - monthStart).Ticks;
            cursor = sliceEnd;
        }
        return months;
    }
}
