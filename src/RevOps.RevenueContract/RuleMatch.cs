namespace RevOps.RevenueContract;

/// <summary>
/// The lead attributes a routing rule requires. Every non-empty list must contain the lead's value (case-insensitive),
/// the score must be within [<see cref="MinScore"/>, <see cref="MaxScore"/>], and each custom field must hold one of its values.
/// </summary>
public sealed record RuleMatch
{
    public IReadOnlyList<string> Countries { get; init; } = [];
    public IReadOnlyList<string> Regions { get; init; } = [];
    public IReadOnlyList<string> CompanySizeBands { get; init; } = [];
    public IReadOnlyList<string> Industries { get; init; } = [];
    public IReadOnlyList<string> Sources { get; init; } = [];
    public IReadOnlyList<string> Campaigns { get; init; } = [];
    public int? MinScore { get; init; }
    public int? MaxScore { get; init; }
    public IReadOnlyDictionary<string, IReadOnlyList<string>> CustomFields { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public bool Matches(LeadAttributes lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        if (!OneOf(Countries, lead.Country) || !OneOf(Regions, lead.Region) || !OneOf(CompanySizeBands, lead.CompanySizeBand)
            || !OneOf(Industries, lead.Industry) || !OneOf(Sources, lead.Source) || !OneOf(Campaigns, lead.Campaign))
            return false;
        if (MinScore is not null || MaxScore is not null)
        {
            if (lead.Score is not { } score || score < MinScore || score > MaxScore)
                return false;
        }
        foreach (var (field, allowed) in CustomFields)
        {
            if (!lead.CustomFields.TryGetValue(field, out var value) || !OneOf(allowed, value))
                return false;
        }
        return true;
    }

    private static bool OneOf(IReadOnlyList<string> allowed, string? value) =>
        allowed.Count == 0 || (value is not null && allowed.Any(a => string.Equals(a, value.Trim(), StringComparison.OrdinalIgnoreCase)));
}
