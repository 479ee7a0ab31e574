namespace RevOps.Routing.Domain.Internal;

/// <summary>A rule reduced to the predicates it actually sets, with case-insensitive hash sets for the value lists.</summary>
internal sealed class CompiledRule
{
    private readonly Func<LeadAttributes, bool>[] _conditions;

    private CompiledRule(RuleMatch match, Func<LeadAttributes, bool>[] conditions)
    {
        Match = match;
        _conditions = conditions;
    }

    public RuleMatch Match { get; }

    public bool Matches(LeadAttributes lead)
    {
        foreach (var condition in _conditions)
            if (!condition(lead))
                return false;
        return true;
    }

    public static CompiledRule Compile(RoutingRule rule)
    {
        if (string.IsNullOrWhiteSpace(rule.TeamId))
            throw new ArgumentException($"Routing rule '{rule.Id}' names no team.", nameof(rule));
        if (rule.MinScore > rule.MaxScore)
            throw new ArgumentException($"Routing rule '{rule.Id}' has MinScore {rule.MinScore} above MaxScore {rule.MaxScore}.", nameof(rule));

        var conditions = new List<Func<LeadAttributes, bool>>();
        AddOneOf(conditions, rule.Countries, lead => lead.Country);
        AddOneOf(conditions, rule.Regions, lead => lead.Region);
        AddOneOf(conditions, rule.CompanySizeBands, lead => lead.CompanySizeBand);
        AddOneOf(conditions, rule.Industries, lead => lead.Industry);
        AddOneOf(conditions, rule.Sources, lead => lead.Source);
        AddOneOf(conditions, rule.Campaigns, lead => lead.Campaign);
        if (rule.MinScore is { } min)
            conditions.Add(lead => lead.Score >= min);
        if (rule.MaxScore is { } max)
            conditions.Add(lead => lead.Score <= max);
        foreach (var (field, values) in rule.CustomFields ?? new Dictionary<string, IReadOnlyCollection<string>>())
        {
            if (values is null || values.Count == 0)
                throw new ArgumentException($"Routing rule '{rule.Id}' lists no values for custom field '{field}'.", nameof(rule));
            var accepted = ToSet(values);
            conditions.Add(lead => lead.CustomFields.TryGetValue(field, out var value) && accepted.Contains(value));
        }

        var excluded = new HashSet<string>(rule.ExcludedRepIds ?? [], StringComparer.Ordinal);
        return new CompiledRule(new RuleMatch(rule.TeamId, rule.Id, excluded), [.. conditions]);
    }

    private static void AddOneOf(List<Func<LeadAttributes, bool>> conditions, IReadOnlyCollection<string>? values, Func<LeadAttributes, string?> attribute)
    {
        if (values is null || values.Count == 0)
            return;
        var accepted = ToSet(values);
        conditions.Add(lead => attribute(lead) is { } value && accepted.Contains(value));
    }

    private static HashSet<string> ToSet(IEnumerable<string> values) => new(values, StringComparer.OrdinalIgnoreCase);
}
