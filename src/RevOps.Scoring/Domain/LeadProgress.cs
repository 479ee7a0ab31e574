using RevOps.Contracts.Events;

namespace RevOps.Scoring.Domain;

/// <summary>What has happened to a lead so far, as the lifecycle entry rules look at it.</summary>
public sealed record LeadProgress
{
    /// <summary>The lead reached the MQL threshold at some point (the stage sticks even if behaviour points decay).</summary>
    public bool Qualified { get; init; }

    public bool Accepted { get; init; }

    /// <summary>Every CRM stage the lead's opportunities have been in.</summary>
    public IReadOnlyCollection<string> OpportunityStages { get; init; } = [];

    /// <summary>The outcome of the lead's opportunity, null when it has none.</summary>
    public OpportunityOutcome? Outcome { get; init; }
}
