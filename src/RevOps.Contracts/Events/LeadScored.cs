namespace RevOps.Contracts.Events;

/// <summary>A lead was (re)scored against a contract version; the breakdown stays in scoringdb, this carries the totals.</summary>
public sealed record LeadScored : IIntegrationEvent
{
    public required Guid EventId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required int ContractVersion { get; init; }
    public required Guid LeadId { get; init; }
    public required int FitScore { get; init; }
    public required int BehaviourScore { get; init; }
    public required int TotalScore { get; init; }

    /// <summary>Lifecycle stage id after scoring, e.g. "lead" or "mql".</summary>
    public required string Stage { get; init; }

    /// <summary>Whether the lead matched every ICP fit criterion the contract marks as ICP (commitment counting).</summary>
    public required bool IcpFit { get; init; }

    /// <summary>Points each criterion or signal contributed, by criterion id (the full explanation stays in scoringdb).</summary>
    public IReadOnlyDictionary<string, int> Contributions { get; init; } = new Dictionary<string, int>();
}
