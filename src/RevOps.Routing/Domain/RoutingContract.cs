using RevOps.RevenueContract;

namespace RevOps.Routing.Domain;

/// <summary>One version of the revenue contract with its routing section compiled: teams and rules.</summary>
public sealed class RoutingContract
{
    public RoutingContract(ContractDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        Document = document;
        Teams = [.. document.Routing.Teams.Select(t => new Team { Id = t.Id, Name = t.Label, FallbackQueue = t.FallbackQueue }.Validated())];
        Rules = new RuleSet(document.Routing.Rules.Select(ToRule), document.Routing.DefaultTeam);
        var unknown = Rules.TeamIds.Where(id => Teams.All(t => t.Id != id)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"Contract v{document.Version} routes to undeclared team(s): {string.Join(", ", unknown)}.", nameof(document));
    }

    public ContractDocument Document { get; }
    public int Version => Document.Version;
    public IReadOnlyList<Team> Teams { get; }
    public RuleSet Rules { get; }

    private static Domain.RoutingRule ToRule(RevenueContract.RoutingRule rule) => new()
    {
        Id = rule.Id,
        TeamId = rule.Team,
        Countries = rule.Match.Countries,
        Regions = rule.Match.Regions,
        CompanySizeBands = rule.Match.CompanySizeBands,
        Industries = rule.Match.Industries,
        Sources = rule.Match.Sources,
        Campaigns = rule.Match.Campaigns,
        MinScore = rule.Match.MinScore,
        MaxScore = rule.Match.MaxScore,
        CustomFields = rule.Match.CustomFields.ToDictionary(f => f.Key, f => (IReadOnlyCollection<string>)f.Value, StringComparer.Ordinal),
        ExcludedRepIds = rule.ExcludedReps,
    };
}
