namespace RevOps.Scoring.Domain;

/// <summary>A recorded behaviour activity as scoring sees it.</summary>
public sealed record ActivityFact(string ActivityType, DateTimeOffset OccurredAt, string? Detail = null);
