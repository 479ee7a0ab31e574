namespace RevOps.Sla.Domain;

/// <summary>
/// One daily opening interval in the calendar's local time, [Open, Close). A Close of 00:00 means midnight at the
/// end of the day, so a 24-hour day is <c>new(TimeOnly.MinValue, TimeOnly.MinValue)</c>.
/// </summary>
public readonly record struct BusinessHours(TimeOnly Open, TimeOnly Close)
{
    /// <summary>Open as an offset from local midnight.</summary>
    public TimeSpan OpensAfterMidnight => Open.ToTimeSpan();

    /// <summary>Close as an offset from local midnight (24:00 when Close is 00:00).</summary>
    public TimeSpan ClosesAfterMidnight => Close == TimeOnly.MinValue ? TimeSpan.FromDays(1) : Close.ToTimeSpan();

    public override string ToString() =>
        $"{Open:HH\\:mm}-{(Close == TimeOnly.MinValue ? "24:00" : Close.ToString("HH\\:mm", System.Globalization.CultureInfo.InvariantCulture))}";
}
