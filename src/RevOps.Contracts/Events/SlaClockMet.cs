namespace RevOps.Contracts.Events;

/// <summary>A clock's clause was satisfied in time (touch, accept/reject, or enough touches).</summary>
public sealed record SlaClockMet : IIntegrationEvent
{
    public required Guid EventId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required int ContractVersion { get; init; }
    public required Guid ClockId { get; init; }
    public required Guid LeadId { get; init; }
    public required string ClauseId { get; init; }
    public string? OwnerRepId { get; init; }
    public required string TeamId { get; init; }
    public required DateTimeOffset DueAt { get; init; }
}
