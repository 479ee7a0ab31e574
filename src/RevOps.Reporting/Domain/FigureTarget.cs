namespace RevOps.Reporting.Domain;

/// <summary>
/// A contract target for one figure, e.g. acceptance rate greater than 0.70. A per-month target (marketing's
/// ICP-fit MQL commitment) is prorated to the report period by <see cref="ReportPeriod.MonthFraction"/>.
/// </summary>
public sealed record FigureTarget(decimal Value, TargetComparison Comparison, bool PerMonth = false)
{
    /// <summary>The target for <paramref name="period"/>: per-month targets prorated and rounded to 2 decimals.</summary>
    public decimal For(ReportPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return PerMonth ? Math.Round(Value * period.MonthFraction(), 2, MidpointRounding.AwayFromZero) : Value;
    }

    public static bool IsMet(decimal value, decimal target, TargetComparison comparison) => comparison switch
    {
        TargetComparison.GreaterThan => value > target,
        TargetComparison.AtLeast => value >= target,
        TargetComparison.AtMost => value <= target,
        TargetComparison.LessThan => value < target,
        _ => throw new ArgumentOutOfRangeException(nameof(comparison), comparison, "Unknown target comparison."),
    };
}
