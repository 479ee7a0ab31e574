namespace RevOps.RevenueContract;

/// <summary>An ordered routing rule: leads matching <see cref="Match"/> go to <see cref="Team"/>, never to <see cref="ExcludedReps"/>.</summary>
public sealed record RoutingRule
{
    public required string Id { get; init; }
    public required string Team { get; init; }
    public required RuleMatch Match { get; init; }
    public IReadOnlyList<string> ExcludedReps { get; init; } = [];
}
