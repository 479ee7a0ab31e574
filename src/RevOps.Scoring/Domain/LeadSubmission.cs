using RevOps.RevenueContract;

namespace RevOps.Scoring.Domain;

/// <summary>A lead as an upstream system submits it (LeadInput in ingestion.proto), before validation.</summary>
public sealed record LeadSubmission
{
    public string? Email { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? JobTitle { get; init; }
    public string? Company { get; init; }
    public string? Country { get; init; }
    public string? Region { get; init; }
    public string? Industry { get; init; }
    public decimal? AnnualRevenue { get; init; }
    public string? AnnualRevenueCurrency { get; init; }
    public int? EmployeeCount { get; init; }
    public int? DecisionTimelineDays { get; init; }
    public bool? BudgetAuthority { get; init; }
    public string? Source { get; init; }
    public string? ExternalId { get; init; }
    public string? Campaign { get; init; }
    public IReadOnlyDictionary<string, string> CustomFields { get; init; } = new Dictionary<string, string>();
    public DateTimeOffset? CapturedAt { get; init; }

    /// <summary>The attributes the contract scores and routes on, with the company-size band derived from ARR.</summary>
    public LeadAttributes ToAttributes(ContractDocument contract, int? score = null)
    {
        ArgumentNullException.ThrowIfNull(contract);
        return new LeadAttributes
        {
            JobTitle = JobTitle,
            Company = Company,
            Country = Country?.Trim().ToUpperInvariant(),
            Region = Region,
            Industry = Industry,
            Source = Source,
            Campaign = Campaign,
            AnnualRevenue = AnnualRevenue,
            CompanySizeBand = contract.CompanySizeBandFor(AnnualRevenue)?.Id,
            EmployeeCount = EmployeeCount,
            DecisionTimelineDays = DecisionTimelineDays,
            BudgetAuthority = BudgetAuthority,
            Score = score,
            CustomFields = CustomFields,
        };
    }
}
