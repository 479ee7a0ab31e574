namespace RevOps.Reporting.Domain;

/// <summary>The contract's targets by figure key (<see cref="FigureKeys"/>); a figure without one shows "no target".</summary>
public sealed record ScorecardTargets
{
    /// <summary>The default contract's: sales accepts above 70% and touches first within the SLA above 90%; every breach explained.</summary>
    public static readonly ScorecardTargets Default = new()
    {
        Targets = new Dictionary<string, FigureTarget>(StringComparer.Ordinal)
        {
            [FigureKeys.AcceptanceRate] = new(0.70m, TargetComparison.GreaterThan),
            [FigureKeys.FollowUpCompliance] = new(0.90m, TargetComparison.GreaterThan),
            [FigureKeys.UnannotatedBreaches] = new(0m, TargetComparison.AtMost),
        },
    };

    public IReadOnlyDictionary<string, FigureTarget> Targets { get; init; } = new Dictionary<string, FigureTarget>(StringComparer.Ordinal);

    /// <summary>The currency whose won amounts the revenue figure shows; other currencies are listed beside it.</summary>
    public string ReportingCurrency { get; init; } = "USD";

    public FigureTarget? For(string key) => Targets.GetValueOrDefault(key);

    /// <summary>These targets with one added or replaced, e.g. marketing's monthly ICP-fit MQL commitment.</summary>
    public ScorecardTargets With(string key, FigureTarget target)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(target);
        return this with { Targets = new Dictionary<string, FigureTarget>(Targets, StringComparer.Ordinal) { [key] = target } };
    }
}
