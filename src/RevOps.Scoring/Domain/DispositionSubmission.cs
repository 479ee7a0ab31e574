namespace RevOps.Scoring.Domain;

/// <summary>An accept or reject as submitted (RecordDispositionRequest).</summary>
public sealed record DispositionSubmission
{
    public string? LeadId { get; init; }
    public string? RepId { get; init; }
    public DispositionDecision Decision { get; init; }
    public string? ReasonCode { get; init; }
    public string? Note { get; init; }
    public DateTimeOffset? OccurredAt { get; init; }
}
