namespace RevOps.Routing.Domain;

/// <summary>
/// One routing rule from the revenue contract. Every condition that is set must hold (AND); within a condition any listed
/// value matches (OR, case-insensitive). An empty or null condition matches every lead, including leads missing that attribute.
/// </summary>
public sealed record RoutingRule
{
    public required string Id { get; init; }
    public required string TeamId { get; init; }
    public IReadOnlyCollection<string>? Countries { get; init; }
    public IReadOnlyCollection<string>? Regions { get; init; }
    public IReadOnlyCollection<string>? CompanySizeBands { get; init; }
    public IReadOnlyCollection<string>? Industries { get; init; }
    public IReadOnlyCollection<string>? Sources { get; init; }
    public IReadOnlyCollection<string>? Campaigns { get; init; }

    /// <summary>Inclusive lower bound on the lead's score.</summary>
    public int? MinScore { get; init; }

    /// <summary>Inclusive upper bound on the lead's score.</summary>
    public int? MaxScore { get; init; }

    /// <summary>Custom field name → accepted values; the lead must carry the field with one of them.</summary>
    public IReadOnlyDictionary<string, IReadOnlyCollection<string>>? CustomFields { get; init; }

    /// <summary>Reps of the team who must not receive leads matched by this rule.</summary>
    public IReadOnlyCollection<string>? ExcludedRepIds { get; init; }
}
