namespace RevOps.Contracts.Events;

/// <summary>Both marketing and sales signed a contract version, so it is now the active one; replicas reload it from scoringdb.</summary>
public sealed record ContractActivated : IIntegrationEvent
{
    public required Guid EventId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The version that became active.</summary>
    public required int ContractVersion { get; init; }

    /// <summary>The previously active version; null for the first activation.</summary>
    public int? PreviousVersion { get; init; }

    /// <summary>SHA-256 (hex) of the canonical serialization, to check a replica loaded the same document.</summary>
    public required string ContentHash { get; init; }

    public required DateTimeOffset EffectiveFrom { get; init; }
    public required string MarketingSigner { get; init; }
    public required string SalesSigner { get; init; }
}
