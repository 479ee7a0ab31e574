namespace RevOps.Routing.Domain;

/// <summary>A stored assignment: who owns the lead (or which queue holds it), why, and whether it is still open.</summary>
public sealed record Assignment(
    Guid Id,
    Guid LeadId,
    string TeamId,
    string? RepId,
    string? FallbackQueue,
    string? RuleId,
    int ContractVersion,
    string Reason,
    DateTimeOffset AssignedAt,
    DateTimeOffset? ClosedAt,
    string? CloseReason);
