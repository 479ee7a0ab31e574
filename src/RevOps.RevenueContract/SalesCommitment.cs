namespace RevOps.RevenueContract;

/// <summary>What sales commits to: the share of leads whose <see cref="FollowUpClause"/> is met, and the share accepted.</summary>
public sealed record SalesCommitment
{
    public required string FollowUpClause { get; init; }

    /// <summary>Minimum share (0..1) of assigned leads whose follow-up clause is met.</summary>
    public required decimal FollowUpCompliance { get; init; }

    /// <summary>Minimum share (0..1) of dispositioned leads accepted.</summary>
    public required decimal AcceptanceRate { get; init; }

    /// <summary>Rejections with these reasons do not count against the acceptance rate (e.g. duplicates).</summary>
    public IReadOnlyList<string> AcceptanceExcludedReasons { get; init; } = [];
}
