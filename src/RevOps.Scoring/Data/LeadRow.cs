using System.Text.Json;
using Npgsql;
using RevOps.RevenueContract;

namespace RevOps.Scoring.Data;

/// <summary>A lead as the leads table holds it: the merged attributes of every source, the stage and the owner.</summary>
internal sealed record LeadRow
{
    /// <summary>The columns <see cref="Read"/> expects, in order.</summary>
    public const string Columns = """
        id, email, raw_email, first_name, last_name, job_title, company, country, region, industry, annual_revenue,
        annual_revenue_currency, employee_count, decision_timeline_days, budget_authority, custom_fields::text, stage, owner_rep_id, team_id, created_at
        """;

    public required Guid Id { get; init; }
    public required string Email { get; init; }
    public required string RawEmail { get; init; }
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
    public IReadOnlyDictionary<string, string> CustomFields { get; init; } = new Dictionary<string, string>();
    public required string Stage { get; init; }
    public string? OwnerRepId { get; init; }
    public string? TeamId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    public LeadAttributes ToAttributes(ContractDocument contract, string? source, string? campaign) => new()
    {
        JobTitle = JobTitle,
        Company = Company,
        Country = Country,
        Region = Region,
        Industry = Industry,
        Source = source,
        Campaign = campaign,
        AnnualRevenue = AnnualRevenue,
        CompanySizeBand = contract.CompanySizeBandFor(AnnualRevenue)?.Id,
        EmployeeCount = EmployeeCount,
        DecisionTimelineDays = DecisionTimelineDays,
        BudgetAuthority = BudgetAuthority,
        CustomFields = CustomFields,
    };

    /// <summary>Reads <see cref="Columns"/> starting at the reader's first column.</summary>
    public static LeadRow Read(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetGuid(0),
        Email = reader.GetString(1),
        RawEmail = reader.GetString(2),
        FirstName = Text(reader, 3),
        LastName = Text(reader, 4),
        JobTitle = Text(reader, 5),
        Company = Text(reader, 6),
        Country = Text(reader, 7),
        Region = Text(reader, 8),
        Industry = Text(reader, 9),
        AnnualRevenue = reader.IsDBNull(10) ? null : reader.GetDecimal(10),
        AnnualRevenueCurrency = Text(reader, 11),
        EmployeeCount = reader.IsDBNull(12) ? null : reader.GetInt32(12),
        DecisionTimelineDays = reader.IsDBNull(13) ? null : reader.GetInt32(13),
        BudgetAuthority = reader.IsDBNull(14) ? null : reader.GetBoolean(14),
        CustomFields = CustomFieldsOf(reader.GetString(15)),
        Stage = reader.GetString(16),
        OwnerRepId = Text(reader, 17),
        TeamId = Text(reader, 18),
        CreatedAt = reader.GetFieldValue<DateTimeOffset>(19),
    };

    // Most leads carry no custom fields: skip the JSON parser for them, it runs once per lead in every batch.
    private static Dictionary<string, string> CustomFieldsOf(string json) =>
        json == "{}" ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
