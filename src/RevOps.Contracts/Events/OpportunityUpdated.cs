namespace RevOps.Contracts.Events;

/// <summary>An opportunity created from a lead changed stage or amount.</summary>
public sealed record OpportunityUpdated : IIntegrationEvent
{
    public required Guid EventId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required int ContractVersion { get; init; }
    public required Guid LeadId { get; init; }

    /// <summary>The opportunity id in the upstream CRM.</summary>
    public required string OpportunityId { get; init; }

    /// <summary>CRM stage name as sent upstream, e.g. "discovery", "proposal", "closed_won".</summary>
    public required string Stage { get; init; }

    public required OpportunityOutcome Outcome { get; init; }
    public required decimal Amount { get; init; }

    /// <summary>ISO 4217 code, e.g. "USD".</summary>
    public required string Currency { get; init; }

    public DateOnly? CloseDate { get; init; }

    /// <summary>The lead's lifecycle stage id after this update under the contract's entry rules, e.g. "sao", "opportunity", "won".</summary>
    public string? LeadStage { get; init; }
}
