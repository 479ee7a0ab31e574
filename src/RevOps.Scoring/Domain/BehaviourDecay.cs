namespace RevOps.Scoring.Domain;

/// <summary>Exponential decay of behaviour points: a signal is worth half as much every half-life after it happened.</summary>
public static class BehaviourDecay
{
    /// <summary>The share (0..1] of a signal's points still earned <paramref name="age"/> after it happened; a future time counts as now.</summary>
    public static double Factor(TimeSpan age, double halfLifeDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(halfLifeDays);
        return age <= TimeSpan.Zero ? 1.0 : Math.Pow(0.5, age.TotalDays / halfLifeDays);
    }

    /// <summary>Decayed points, rounded half away from zero so the shown contributions add up to the total.</summary>
    public static int Apply(int points, TimeSpan age, double halfLifeDays) =>
        (int)Math.Round(points * Factor(age, halfLifeDays), MidpointRounding.AwayFromZero);
}
