namespace RevOps.Contracts.Events;

/// <summary>A follow-up clause's clock started for the lead's current owner.</summary>
public sealed record SlaClockStarted : IIntegrationEvent
{
    public required Guid EventId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required int ContractVersion { get; init; }
    public required Guid ClockId { get; init; }
    public required Guid LeadId { get; init; }

    /// <summary>Follow-up clause id from the contract, e.g. "first_touch".</summary>
    public required string ClauseId { get; init; }

    /// <summary>The owning rep; null when the lead sits in a fallback queue.</summary>
    public string? OwnerRepId { get; init; }

    public required string TeamId { get; init; }
    public required DateTimeOffset DueAt { get; init; }
}
