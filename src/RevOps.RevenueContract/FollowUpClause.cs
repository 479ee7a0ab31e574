namespace RevOps.RevenueContract;

/// <summary>A follow-up promise sales makes, clocked from assignment: e.g. 3 touches within 5 business days.</summary>
public sealed record FollowUpClause
{
    public required string Id { get; init; }
    public required string Label { get; init; }
    public required FollowUpMetBy MetBy { get; init; }

    /// <summary>How many touches or dispositions meet the clause.</summary>
    public int MinCount { get; init; } = 1;

    public required ContractDuration Within { get; init; }
}
