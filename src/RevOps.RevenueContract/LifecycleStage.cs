namespace RevOps.RevenueContract;

/// <summary>A lifecycle stage (Lead, MQL, SQL, SAO, Opportunity, Won, Lost) and its entry rule; order in the contract is funnel order.</summary>
public sealed record LifecycleStage
{
    public required string Id { get; init; }
    public required string Label { get; init; }
    public required StageEntry Entry { get; init; }

    /// <summary>For <see cref="StageEntry.Opportunity"/>: the CRM stages that count; empty means any opportunity.</summary>
    public IReadOnlyList<string> OpportunityStages { get; init; } = [];
}
