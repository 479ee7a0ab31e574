namespace RevOps.Reporting.Domain;

/// <summary>
/// One SLA breach and the reason a rep or manager gave for it (<c>SlaBreachAnnotated</c>, which may arrive before the breach
/// itself). An escalation's text says what the contract did about the breach, not why it happened, so it is no reason.
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

    // The latest annotation wins, as SLA keeps the latest; ties break on the event id.
    public DateTimeOffset? ReasonAt { get; init; }
    public Guid? ReasonEventId { get; init; }
    public string? Reason { get; init; }

    /// <summary>Nobody has said why this breach happened: the scorecard flags it.</summary>
    public bool IsUnannotated => string.IsNullOrWhiteSpace(Reason);

    public static BreachFact Empty(Guid breachId, Guid leadId) => new() { BreachId = breachId, LeadId = leadId };
}
