namespace RevOps.RevenueContract;

/// <summary>Where the routing rules send a lead: the team, and the rule that matched (null when the default team caught it).</summary>
public sealed record RoutingOutcome(string TeamId, RoutingRule? Rule)
{
    public IReadOnlyList<string> ExcludedReps => Rule?.ExcludedReps ?? [];
}
