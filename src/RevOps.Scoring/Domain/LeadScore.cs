namespace RevOps.Scoring.Domain;

/// <summary>An explainable score: totals, the threshold it was judged against, and every criterion's contribution.</summary>
public sealed record LeadScore
{
    public required int ContractVersion { get; init; }
    public required int FitScore { get; init; }
    public required int BehaviourScore { get; init; }
    public int TotalScore => FitScore + BehaviourScore;
    public required int MqlThreshold { get; init; }
    public bool MeetsThreshold => TotalScore >= MqlThreshold;

    /// <summary>Every ICP criterion matched (false when the contract marks none as ICP).</summary>
    public required bool IcpFit { get; init; }

    public required IReadOnlyList<Contribution> Contributions { get; init; }
    public required DateTimeOffset ScoredAt { get; init; }

    /// <summary>Ids of the criteria and signals that earned points, for the feedback loop.</summary>
    public IEnumerable<string> MatchedCriteria => Contributions.Where(c => c.Matched).Select(c => c.CriterionId);
}
