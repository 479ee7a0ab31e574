namespace RevOps.Sla.Domain;

/// <summary>A lead given to a rep (or to a fallback queue when <see cref="OwnerRepId"/> is null) under a contract version.</summary>
public sealed record LeadAssignment(
    Guid LeadId,
    Guid AssignmentId,
    string? OwnerRepId,
    string TeamId,
    int ContractVersion,
    DateTimeOffset AssignedAt);
