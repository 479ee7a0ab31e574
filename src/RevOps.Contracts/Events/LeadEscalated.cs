namespace RevOps.Contracts.Events;

/// <summary>The contract's escalation chain acted on a breach: routing reassigns the lead when Action is Reassign.</summary>
public sealed record LeadEscalated : IIntegrationEvent
{
    public required Guid EventId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required int ContractVersion { get; init; }
    public required Guid LeadId { get; init; }
    public required EscalationAction Action { get; init; }

    /// <summary>The clause whose breach triggered this step.</summary>
    public required string ClauseId { get; init; }

    public Guid? BreachId { get; init; }
    public string? OwnerRepId { get; init; }
    public required string TeamId { get; init; }
    public string? ManagerId { get; init; }

    /// <summary>Human-readable reason, e.g. "second breach" or "not accepted within 24h".</summary>
    public required string Reason { get; init; }
}
