namespace RevOps.RevenueContract;

/// <summary>A follow-up window such as "4 business_hours" or "24 hours".</summary>
public readonly record struct ContractDuration(int Amount, DurationUnit Unit)
{
    /// <summary>True when the window counts only business time from the team's calendar.</summary>
    public bool IsBusinessTime => Unit is DurationUnit.BusinessHours or DurationUnit.BusinessDays;

    /// <summary>The wall-clock length; only meaningful when <see cref="IsBusinessTime"/> is false.</summary>
    public TimeSpan ToTimeSpan() => Unit switch
    {
        DurationUnit.Minutes => TimeSpan.FromMinutes(Amount),
        DurationUnit.Hours => TimeSpan.FromHours(Amount),
        DurationUnit.Days => TimeSpan.FromDays(Amount),
        _ => throw new InvalidOperationException($"{this} is business time: compute it with the team's calendar"),
    };

    public override string ToString() => $"{Amount} {UnitName(Unit)}";

    internal static string UnitName(DurationUnit unit) => unit switch
    {
        DurationUnit.Minutes => "minutes",
        DurationUnit.Hours => "hours",
        DurationUnit.Days => "days",
        DurationUnit.BusinessHours => "business_hours",
        DurationUnit.BusinessDays => "business_days",
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, null),
    };
}
