namespace RevOps.Contracts.Events;

/// <summary>What every integration event carries: an idempotency key for inboxes, when it happened, and the contract version it was judged by.</summary>
public interface IIntegrationEvent
{
    /// <summary>Stable idempotency key: minted once when the outbox row is written, kept across redeliveries.</summary>
    Guid EventId { get; }

    /// <summary>When the fact happened (UTC).</summary>
    DateTimeOffset OccurredAt { get; }

    /// <summary>The revenue-contract version the fact was judged by.</summary>
    int ContractVersion { get; }
}
