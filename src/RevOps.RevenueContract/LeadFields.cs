using System.Globalization;

namespace RevOps.RevenueContract;

/// <summary>The lead field names a contract may test, and reading them from <see cref="LeadAttributes"/>.</summary>
public static class LeadFields
{
    public const string JobTitle = "job_title";
    public const string Company = "company";
    public const string Country = "country";
    public const string Region = "region";
    public const string Industry = "industry";
    public const string Source = "source";
    public const string Campaign = "campaign";
    public const string AnnualRevenue = "annual_revenue";
    public const string CompanySizeBand = "company_size_band";
    public const string EmployeeCount = "employee_count";
    public const string DecisionTimelineDays = "decision_timeline_days";
    public const string BudgetAuthority = "budget_authority";

    /// <summary>Prefix for custom fields, e.g. "custom.plan_interest".</summary>
    public const string CustomPrefix = "custom.";

    public static IReadOnlyList<string> Text { get; } = [JobTitle, Company, Country, Region, Industry, Source, Campaign, CompanySizeBand];
    public static IReadOnlyList<string> Numeric { get; } = [AnnualRevenue, EmployeeCount, DecisionTimelineDays];
    public static IReadOnlyList<string> Flags { get; } = [BudgetAuthority];

    public static bool IsKnown(string field) =>
        Text.Contains(field) || Numeric.Contains(field) || Flags.Contains(field) || IsCustom(field);

    public static bool IsCustom(string field) =>
        field.StartsWith(CustomPrefix, StringComparison.Ordinal) && field.Length > CustomPrefix.Length;

    /// <summary>The field's value, or null when the lead does not have it.</summary>
    public static LeadFieldValue? Read(LeadAttributes lead, string field)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(field);
        return field switch
        {
            JobTitle => FromText(lead.JobTitle),
            Company => FromText(lead.Company),
            Country => FromText(lead.Country),
            Region => FromText(lead.Region),
            Industry => FromText(lead.Industry),
            Source => FromText(lead.Source),
            Campaign => FromText(lead.Campaign),
            CompanySizeBand => FromText(lead.CompanySizeBand),
            AnnualRevenue => lead.AnnualRevenue is { } arr ? FromNumber(arr) : null,
            EmployeeCount => lead.EmployeeCount is { } count ? FromNumber(count) : null,
            DecisionTimelineDays => lead.DecisionTimelineDays is { } days ? FromNumber(days) : null,
            BudgetAuthority => lead.BudgetAuthority is { } flag ? new LeadFieldValue(flag ? "true" : "false", null, flag) : null,
            _ when IsCustom(field) => lead.CustomFields.TryGetValue(field[CustomPrefix.Length..], out var custom) ? FromText(custom) : null,
            _ => null,
        };
    }

    private static LeadFieldValue? FromText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        decimal? number = decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : null;
        bool? flag = bool.TryParse(text, out var f) ? f : null;
        return new LeadFieldValue(text.Trim(), number, flag);
    }

    private static LeadFieldValue FromNumber(decimal number) =>
        new(number.ToString(CultureInfo.InvariantCulture), number, null);
}
