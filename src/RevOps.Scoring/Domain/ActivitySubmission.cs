namespace RevOps.Scoring.Domain;

/// <summary>A behaviour activity as submitted (RecordActivityRequest): the lead by id or by email.</summary>
public sealed record ActivitySubmission
{
    public string? LeadId { get; init; }
    public string? Email { get; init; }
    public string? ActivityType { get; init; }
    public DateTimeOffset? OccurredAt { get; init; }
    public string? Detail { get; init; }
    public string? Source { get; init; }
    public string? ExternalId { get; init; }
}
