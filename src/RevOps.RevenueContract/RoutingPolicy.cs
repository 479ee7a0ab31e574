namespace RevOps.RevenueContract;

/// <summary>Teams and ordered rules; the first matching rule wins and <see cref="DefaultTeam"/> catches the rest.</summary>
public sealed record RoutingPolicy
{
    public required string DefaultTeam { get; init; }
    public required IReadOnlyList<SalesTeam> Teams { get; init; }
    public IReadOnlyList<RoutingRule> Rules { get; init; } = [];

    public RoutingOutcome Route(LeadAttributes lead)
    {
        foreach (var rule in Rules)
        {
            if (rule.Match.Matches(lead))
                return new RoutingOutcome(rule.Team, rule);
        }
        return new RoutingOutcome(DefaultTeam, null);
    }
}
