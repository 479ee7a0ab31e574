using RevOps.Contracts.Events;

namespace RevOps.Scoring.Domain;

/// <summary>An opportunity update as submitted (RecordOpportunityRequest).</summary>
public sealed record OpportunitySubmission
{
    public string? LeadId { get; init; }
    public string? OpportunityId { get; init; }
    public string? Stage { get; init; }

    /// <summary>Null when the caller left it unspecified.</summary>
    public OpportunityOutcome? Outcome { get; init; }

    public decimal? Amount { get; init; }
    public string? Currency { get; init; }
    public DateOnly? CloseDate { get; init; }
    public DateTimeOffset? OccurredAt { get; init; }
}
