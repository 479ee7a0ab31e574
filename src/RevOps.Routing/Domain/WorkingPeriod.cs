namespace RevOps.Routing.Domain;

/// <summary>
/// A stretch of working time in the rep's local time that starts on <see cref="Day"/>. An <see cref="End"/> at or before
/// <see cref="Start"/> runs past midnight into the next day (e.g. 22:00–06:00); 00:00–00:00 is the whole day.
/// </summary>
public sealed record WorkingPeriod(DayOfWeek Day, TimeOnly Start, TimeOnly End)
{
    public bool Contains(DayOfWeek day, TimeOnly time)
    {
        if (End > Start)
            return day == Day && time >= Start && time < End;
        var nextDay = (DayOfWeek)(((int)Day + 1) % 7);
        return (day == Day && time >= Start) || (day == nextDay && time < End);
    }

    public override string ToString() => $"{Day} {Start:HH\\:mm}-{End:HH\\:mm}";
}
