using RevOps.Contracts.Events;

namespace RevOps.Routing.Domain;

/// <summary>What routing rules match on: the routing-relevant part of a qualified lead.</summary>
public sealed record LeadAttributes
{
    public string? Country { get; init; }
    public string? Region { get; init; }
    public string? CompanySizeBand { get; init; }
    public string? Industry { get; init; }
    public string? Source { get; init; }
    public string? Campaign { get; init; }
    public int Score { get; init; }
    public IReadOnlyDictionary<string, string> CustomFields { get; init; } = new Dictionary<string, string>();

    public static LeadAttributes From(LeadQualified lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return new()
        {
            Country = lead.Country,
            Region = lead.Region,
            CompanySizeBand = lead.CompanySizeBand,
            Industry = lead.Industry,
            Source = lead.Source,
            Campaign = lead.Campaign,
            Score = lead.Score,
            CustomFields = lead.CustomFields,
        };
    }
}
