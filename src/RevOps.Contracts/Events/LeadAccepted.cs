namespace RevOps.Contracts.Events;

/// <summary>The owning rep accepted the lead.</summary>
public sealed record LeadAccepted : IIntegrationEvent
{
    public required Guid EventId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required int ContractVersion { get; init; }
    public required Guid LeadId { get; init; }
    public required string RepId { get; init; }
    public string? Note { get; init; }
}
