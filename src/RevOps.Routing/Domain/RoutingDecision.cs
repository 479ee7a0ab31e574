namespace RevOps.Routing.Domain;

/// <summary>
/// One routing decision and its explanation: the rule and team, the rep chosen or the fallback queue, every candidate's
/// verdict, and the rotation standing Redis reported after the pick.
/// </summary>
public sealed record RoutingDecision
{
    public required Guid DecisionId { get; init; }
    public required Guid LeadId { get; init; }
    public required int ContractVersion { get; init; }
    public required DateTimeOffset DecidedAt { get; init; }
    public required string TeamId { get; init; }
    public string? RuleId { get; init; }
    public string? ChosenRepId { get; init; }

    /// <summary>The team's fallback queue; set exactly when no rep was chosen.</summary>
    public string? FallbackQueue { get; init; }

    public required string Reason { get; init; }
    public bool IsReassignment { get; init; }
    public string? PreviousOwnerRepId { get; init; }
    public required LeadAttributes Lead { get; init; }

    /// <summary>Every rep of the team with what happened to them, in rep-id order.</summary>
    public required IReadOnlyList<CandidateVerdict> Candidates { get; init; }

    /// <summary>Rotation sequence after the pick; 0 when nothing changed in Redis (queued, or a preview).</summary>
    public long RotationSequence { get; init; }

    public IReadOnlyDictionary<string, long> Standing { get; init; } = new Dictionary<string, long>();
}
