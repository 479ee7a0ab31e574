namespace RevOps.Contracts.Events;

/// <summary>The owning rep rejected the lead with one of the contract's disposition reasons.</summary>
public sealed record LeadRejected : IIntegrationEvent
{
    public required Guid EventId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required int ContractVersion { get; init; }
    public required Guid LeadId { get; init; }
    public required string RepId { get; init; }

    /// <summary>Disposition reason id from the contract, e.g. "no_fit", "no_timing", "duplicate".</summary>
    public required string ReasonCode { get; init; }

    public string? Note { get; init; }
}
