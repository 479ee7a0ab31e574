namespace RevOps.Scoring.Domain;

/// <summary>A sales touch as submitted (RecordTouchRequest).</summary>
public sealed record TouchSubmission
{
    public string? LeadId { get; init; }
    public string? RepId { get; init; }
    public string? Channel { get; init; }
    public DateTimeOffset? OccurredAt { get; init; }
    public string? Note { get; init; }
}
