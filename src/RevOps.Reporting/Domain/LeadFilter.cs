namespace RevOps.Reporting.Domain;

/// <summary>The report filters; a null field matches everything. Matches are exact (ordinal).</summary>
public sealed record LeadFilter
{
    public static readonly LeadFilter None = new();

    public string? Source { get; init; }
    public string? Campaign { get; init; }
    public string? Segment { get; init; }
    public string? TeamId { get; init; }
    public string? OwnerRepId { get; init; }
    public int? ContractVersion { get; init; }

    public bool IsEmpty => this == None;

    public bool Matches(LeadFact lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return Same(Source, lead.Source) && Same(Campaign, lead.Campaign) && Same(Segment, lead.Segment)
            && Same(TeamId, lead.TeamId) && Same(OwnerRepId, lead.OwnerRepId)
            && (ContractVersion is null || ContractVersion == lead.ContractVersion);
    }

    private static bool Same(string? wanted, string? actual) => wanted is null || string.Equals(wanted, actual, StringComparison.Ordinal);
}
