namespace RevOps.Reporting.Domain;

/// <summary>
/// One SLA breach and the reason given for it. The reason comes from the escalation that acted on the breach
/// (<c>LeadEscalated.Reason</c>), which may arrive before the breach itself.
/// </summary>
public sealed record BreachFact
{
    public required Guid BreachId { get; init; }
    public required Guid LeadId { get; init; }
    public int? ContractVersion { get; init; }
    public string? ClauseId { get; init; }
    public string? OwnerRepId { get; init; }
    public string? TeamId { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    public DateTimeOffset? BreachedAt { get; init; }

    /// <summary>How late the clock fired past its due time, in whole microseconds of wall-clock time.</summary>
    public long? LatenessMicroseconds { get; init; }

    public int? BreachNumber { get; init; }

    // The earliest escalation's reason wins; ties break on the event id.
    public DateTimeOffset? ReasonAt { get; init; }
    public Guid? ReasonEventId { get; init; }
    public string? Reason { get; init; }

    /// <summary>Nobody has said why this breach happened: the scorecard flags it.</summary>
    public bool IsUnannotated => string.IsNullOrWhiteSpace(Reason);

    public static BreachFact Empty(Guid breachId, Guid leadId) => new() { BreachId = breachId, LeadId = leadId };
}
