namespace RevOps.Reporting.Domain;

/// <summary>
/// Revenue per month from a funnel, in exact decimal arithmetic: 500 leads × 0.5 × 0.3 × 0.2 = 15 deals × 100 = 1,500;
/// 500 × 0.8 × 0.4 × 0.35 = 56 deals × 100 = 5,600; 5,600 / 1,500 = 3.733… shown as 3.7.
/// </summary>
public static class WhatIfCalculator
{
    /// <summary>The multiple is rounded half away from zero to this many decimals.</summary>
    public const int MultipleDecimals = 1;

    public static WhatIfResult Evaluate(WhatIfScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.LeadsPerMonth < 0)
            throw new ArgumentException($"Leads per month cannot be negative (got {scenario.LeadsPerMonth}).", nameof(scenario));
        if (scenario.AverageDealSize < 0)
            throw new ArgumentException($"The average deal size cannot be negative (got {scenario.AverageDealSize}).", nameof(scenario));
        if (scenario.StageConversionRates is null || scenario.StageConversionRates.Count == 0)
            throw new ArgumentException("Give at least one stage conversion rate (e.g. 0.5 lead → meeting).", nameof(scenario));

        var volumes = new List<decimal>(scenario.StageConversionRates.Count);
        var volume = scenario.LeadsPerMonth;
        for (var i = 0; i < scenario.StageConversionRates.Count; i++)
        {
            var rate = scenario.StageConversionRates[i];
            if (rate is < 0 or > 1)
                throw new ArgumentException(
                    $"Stage conversion rate {i + 1} must be a fraction between 0 and 1 (got {rate}; write 50% as 0.5).", nameof(scenario));
            volume *= rate;
            volumes.Add(volume);
        }
        return new WhatIfResult(volumes, volume, volume * scenario.AverageDealSize);
    }

    public static WhatIfComparison Compare(WhatIfScenario baseline, WhatIfScenario scenario)
    {
        var before = Evaluate(baseline);
        var after = Evaluate(scenario);
        if (before.RevenuePerMonth == 0)
            throw new ArgumentException("The baseline brings no revenue, so no multiple can be taken against it.", nameof(baseline));
        var multiple = Math.Round(after.RevenuePerMonth / before.RevenuePerMonth, MultipleDecimals, MidpointRounding.AwayFromZero);
        return new WhatIfComparison(before, after, multiple);
    }
}
