namespace RevOps.Sla.Domain;

/// <summary>A clock that came due before its clause was met, with the reason a rep or manager gave for it.</summary>
public sealed record Breach(
    Guid Id,
    Guid ClockId,
    Guid LeadId,
    string? OwnerRepId,
    string TeamId,
    string ClauseId,
    int ContractVersion,
    DateTimeOffset DueAt,
    DateTimeOffset BreachedAt,
    TimeSpan Lateness,
    int BreachNumber,
    string? Reason,
    string? AnnotatedBy,
    DateTimeOffset? AnnotatedAt)
{
    /// <summary>Nobody has explained this breach yet.</summary>
    public bool IsFlagged => Reason is null;
}
