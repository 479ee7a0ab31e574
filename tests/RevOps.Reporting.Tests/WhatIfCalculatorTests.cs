using RevOps.Reporting.Domain;

namespace RevOps.Reporting.Tests;

public sealed class WhatIfCalculatorTests
{
    private static readonly WhatIfScenario Today = new(500m, [0.50m, 0.30m, 0.20m], 100m);
    private static readonly WhatIfScenario Aligned = new(500m, [0.80m, 0.40m, 0.35m], 100m);

    [Fact]
    public void Classic_example_gives_1500_a_month()
    {
        var result = WhatIfCalculator.Evaluate(Today);

        Assert.Equal([250m, 75m, 15m], result.StageVolumes);
        Assert.Equal(15m, result.DealsPerMonth);
        Assert.Equal(1_500m, result.RevenuePerMonth);
    }

    [Fact]
    public void Aligned_funnel_gives_5600_a_month()
    {
        var result = WhatIfCalculator.Evaluate(Aligned);

        Assert.Equal([400m, 160m, 56m], result.StageVolumes);
        Assert.Equal(5_600m, result.RevenuePerMonth);
    }

    [Fact]
    public void Multiple_between_the_two_is_3_point_7()
    {
        var comparison = WhatIfCalculator.Compare(Today, Aligned);

        // 5,600 / 1,500 = 3.7333…, rounded half away from zero to one decimal.
        Assert.Equal(3.7m, comparison.Multiple);
        Assert.Equal((1_500m, 5_600m), (comparison.Baseline.RevenuePerMonth, comparison.Scenario.RevenuePerMonth));
    }

    [Fact]
    public void Multiple_rounds_halves_away_from_zero()
    {
        var comparison = WhatIfCalculator.Compare(new WhatIfScenario(100m, [1m], 20m), new WhatIfScenario(100m, [1m], 25m));

        Assert.Equal(1.3m, comparison.Multiple); // 1.25 exactly
    }

    [Theory]
    [InlineData(500, 50, 100, "between 0 and 1")]
    [InlineData(-1, 0.5, 100, "Leads per month cannot be negative")]
    [InlineData(500, 0.5, -3, "deal size cannot be negative")]
    public void Bad_input_gets_a_clear_error(double leads, double rate, double dealSize, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => WhatIfCalculator.Evaluate(new WhatIfScenario((decimal)leads, [(decimal)rate], (decimal)dealSize)));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scenario_needs_at_least_one_stage()
    {
        var error = Assert.Throws<ArgumentException>(() => WhatIfCalculator.Evaluate(new WhatIfScenario(500m, [], 100m)));
        Assert.Contains("at least one stage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_baseline_without_revenue_has_no_multiple()
    {
        var error = Assert.Throws<ArgumentException>(() => WhatIfCalculator.Compare(new WhatIfScenario(500m, [0m], 100m), Aligned));
        Assert.Contains("no revenue", error.Message, StringComparison.Ordinal);
    }
}
