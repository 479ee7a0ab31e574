using RevOps.Grpc;

namespace RevOps.Reporting.Domain;

/// <summary>
/// A what-if as a caller asks it, checked part by part so every bad field is named at once, the same over gRPC and the page's
/// JSON API (only the field names differ).
/// </summary>
public static class WhatIfQuestion
{
    /// <summary>Where each part of one scenario came from; <c>Rate(i)</c> names its i-th stage conversion rate.</summary>
    public sealed record ScenarioFields(string LeadsPerMonth, string StageConversionRates, string AverageDealSize, Func<int, string> Rate);

    /// <summary>One scenario, or null (with violations added) when a part is missing or out of range.</summary>
    public static WhatIfScenario? Scenario(decimal? leadsPerMonth, IReadOnlyList<decimal> rates, decimal? averageDealSize, ScenarioFields fields, List<FieldViolation> violations)
    {
        ArgumentNullException.ThrowIfNull(rates);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(violations);
        var before = violations.Count;
        if (leadsPerMonth is null or < 0)
            violations.Add(new(fields.LeadsPerMonth, "is required and must be 0 or more"));
        if (rates.Count == 0)
            violations.Add(new(fields.StageConversionRates, "give at least one rate, e.g. 0.5 for lead → meeting"));
        for (var i = 0; i < rates.Count; i++)
        {
            if (rates[i] is < 0 or > 1)
                violations.Add(new(fields.Rate(i), $"must be a fraction between 0 and 1 (write 50% as 0.5), got {rates[i]}"));
        }
        if (averageDealSize is null or < 0)
            violations.Add(new(fields.AverageDealSize, "is required and must be 0 or more"));
        return violations.Count > before ? null : new WhatIfScenario(leadsPerMonth!.Value, rates, averageDealSize!.Value);
    }

    /// <summary>
    /// The comparison and its currency (USD when none is given), or null with violations added: a bad scenario, a currency
    /// that is not an ISO 4217 code, or a baseline without revenue (no multiple can be taken against it).
    /// </summary>
    public static (WhatIfComparison Comparison, string Currency)? Answer(
        WhatIfScenario? baseline, WhatIfScenario? scenario, string? currencyCode, string baselineField, string currencyField, List<FieldViolation> violations)
    {
        ArgumentNullException.ThrowIfNull(violations);
        var currency = string.IsNullOrEmpty(currencyCode) ? "USD" : currencyCode;
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
            violations.Add(new(currencyField, $"must be an ISO 4217 code such as USD, got '{currencyCode}'"));
        if (baseline is not null && violations.Count == 0 && WhatIfCalculator.Evaluate(baseline).RevenuePerMonth == 0)
            violations.Add(new(baselineField, "brings no revenue, so no multiple can be taken against it"));
        if (violations.Count > 0)
            return null;
        return (WhatIfCalculator.Compare(baseline!, scenario!), currency);
    }
}
