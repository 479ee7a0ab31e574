namespace RevOps.Contracts.Events;

/// <summary>A clock came due before its clause was met.</summary>
public sealed record SlaBreached : IIntegrationEvent
{
    public required Guid EventId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required int ContractVersion { get; init; }
    public required Guid BreachId { get; init; }
    public required Guid ClockId { get; init; }
    public required Guid LeadId { get; init; }
    public required string ClauseId { get; init; }
    public string? OwnerRepId { get; init; }
    public required string TeamId { get; init; }
    public required DateTimeOffset DueAt { get; init; }

    /// <summary>How late the clock fired past DueAt (wall-clock time).</summary>
    public required TimeSpan Lateness { get; init; }

    /// <summary>1 for the lead's first breach, 2 for the second...: drives the escalation chain.</summary>
    public required int BreachNumber { get; init; }
}
