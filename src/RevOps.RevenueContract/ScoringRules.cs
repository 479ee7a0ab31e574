namespace RevOps.RevenueContract;

/// <summary>Fit criteria, behaviour signals and the MQL threshold their total must reach.</summary>
public sealed record ScoringRules
{
    public required int MqlThreshold { get; init; }
    public required IReadOnlyList<FitCriterion> FitCriteria { get; init; }
    public required BehaviourRules Behaviour { get; init; }
}
