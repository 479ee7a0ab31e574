namespace RevOps.RevenueContract;

/// <summary>The lead attributes fit criteria and routing rules look at (names in the contract: see <see cref="LeadFields"/>).</summary>
public sealed record LeadAttributes
{
    public string? JobTitle { get; init; }
    public string? Company { get; init; }
    public string? Country { get; init; }
    public string? Region { get; init; }
    public string? Industry { get; init; }
    public string? Source { get; init; }
    public string? Campaign { get; init; }

    /// <summary>Annual recurring revenue in USD.</summary>
    public decimal? AnnualRevenue { get; init; }

    /// <summary>Band id from the contract's company_size_bands; derive it with <see cref="ContractDocument.CompanySizeBandFor"/>.</summary>
    public string? CompanySizeBand { get; init; }

    public int? EmployeeCount { get; init; }
    public int? DecisionTimelineDays { get; init; }
    public bool? BudgetAuthority { get; init; }

    /// <summary>The lead's total score, for routing rules with a score range.</summary>
    public int? Score { get; init; }

    public IReadOnlyDictionary<string, string> CustomFields { get; init; } = new Dictionary<string, string>();
}
