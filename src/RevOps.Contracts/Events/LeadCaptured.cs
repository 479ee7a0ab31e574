namespace RevOps.Contracts.Events;

/// <summary>A lead arrived from an upstream source; a second source for a known email is captured against the same lead.</summary>
public sealed record LeadCaptured : IIntegrationEvent
{
    public required Guid EventId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required int ContractVersion { get; init; }
    public required Guid LeadId { get; init; }

    /// <summary>False when this source was merged into an existing lead (same normalized email).</summary>
    public required bool IsNewLead { get; init; }

    public required string Source { get; init; }
    public string? ExternalId { get; init; }
    public string? Campaign { get; init; }

    /// <summary>Market segment for reporting, e.g. the company-size band id ("mid_market").</summary>
    public string? Segment { get; init; }

    public string? Country { get; init; }
    public string? Region { get; init; }
    public string? Industry { get; init; }

    /// <summary>True when the source is marketing-owned (pipeline source mix).</summary>
    public required bool MarketingSourced { get; init; }
}
