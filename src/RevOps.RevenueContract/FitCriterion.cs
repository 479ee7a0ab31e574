namespace RevOps.RevenueContract;

/// <summary>A fit criterion: the lead earns <see cref="Points"/> when <see cref="When"/> holds. ICP criteria must all hold for an ICP-fit lead.</summary>
public sealed record FitCriterion
{
    public required string Id { get; init; }
    public required string Label { get; init; }
    public required int Points { get; init; }
    public bool Icp { get; init; }
    public required FieldCondition When { get; init; }
}
