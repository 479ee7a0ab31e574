namespace RevOps.Contracts.Events;

/// <summary>A lead crossed the MQL threshold; published once per lead per contract version and carries everything routing matches on.</summary>
public sealed record LeadQualified : IIntegrationEvent
{
    public required Guid EventId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required int ContractVersion { get; init; }
    public required Guid LeadId { get; init; }
    public required int Score { get; init; }
    public required int FitScore { get; init; }
    public required int BehaviourScore { get; init; }
    public required bool IcpFit { get; init; }

    public string? Country { get; init; }
    public string? Region { get; init; }

    /// <summary>Company-size band id from the contract, e.g. "mid_market"; null when ARR is unknown.</summary>
    public string? CompanySizeBand { get; init; }

    /// <summary>Annual recurring revenue of the lead's company in USD, when known.</summary>
    public decimal? AnnualRevenue { get; init; }

    public string? Industry { get; init; }
    public required string Source { get; init; }
    public string? Campaign { get; init; }
    public IReadOnlyDictionary<string, string> CustomFields { get; init; } = new Dictionary<string, string>();
}
