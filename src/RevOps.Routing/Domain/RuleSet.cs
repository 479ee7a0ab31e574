using RevOps.Routing.Domain.Internal;

namespace RevOps.Routing.Domain;

/// <summary>The contract's routing rules compiled once into matchers: the first matching rule wins, the default team catches the rest.</summary>
public sealed class RuleSet
{
    private static readonly IReadOnlySet<string> NoExclusions = new HashSet<string>();
    private readonly CompiledRule[] _rules;
    private readonly RuleMatch _default;

    public RuleSet(IEnumerable<RoutingRule> rules, string defaultTeamId)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (string.IsNullOrWhiteSpace(defaultTeamId))
            throw new ArgumentException("The routing rules need a default team.", nameof(defaultTeamId));

        var seen = new HashSet<string>(StringComparer.Ordinal);
        _rules = rules.Select((rule, index) =>
        {
            if (string.IsNullOrWhiteSpace(rule.Id))
                throw new ArgumentException($"Routing rule #{index + 1} has no id.", nameof(rules));
            if (!seen.Add(rule.Id))
                throw new ArgumentException($"Routing rule id '{rule.Id}' appears more than once.", nameof(rules));
            return CompiledRule.Compile(rule);
        }).ToArray();
        DefaultTeamId = defaultTeamId;
        _default = new RuleMatch(defaultTeamId, null, NoExclusions);
    }

    public string DefaultTeamId { get; }

    public IEnumerable<string> TeamIds => _rules.Select(r => r.Match.TeamId).Append(DefaultTeamId).Distinct(StringComparer.Ordinal);

    public RuleMatch Match(LeadAttributes lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        foreach (var rule in _rules)
            if (rule.Matches(lead))
                return rule.Match;
        return _default;
    }
}
