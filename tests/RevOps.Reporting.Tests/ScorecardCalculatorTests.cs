using RevOps.Reporting.Domain;
using static RevOps.Reporting.Tests.NovemberLeads;

namespace RevOps.Reporting.Tests;

public sealed class ScorecardCalculatorTests
{
    private static readonly ScorecardTargets Targets = ScorecardTargets.Default
        .With(FigureKeys.IcpMqls, new FigureTarget(6m, TargetComparison.AtLeast, PerMonth: true))
        .With(FigureKeys.SpeedToFirstTouchP90, new FigureTarget(240m, TargetComparison.AtMost));

    private static Scorecard November2026 => ScorecardCalculator.Compute(Leads, Breaches, November, LeadFilter.None, Targets);

    [Fact]
    public void Acceptance_rate_counts_dispositions_given_in_the_period()
    {
        // Accepted: L1, L3, L4, L7 (captured in October, accepted 2 November); rejected: L2, L5 → 4 / 6.
        AssertFigure(November2026.Figure(FigureKeys.AcceptanceRate), 0.6667m, 0.70m, FigureStatus.Missed, 6);
    }

    [Fact]
    public void Follow_up_compliance_counts_first_touches_within_the_sla()
    {
        // Due in November: L1, L2, L4, L8 touched in time; L3 touched late (breached); L5 never touched (breached) → 4 / 6.
        AssertFigure(November2026.Figure(FigureKeys.FollowUpCompliance), 0.6667m, 0.90m, FigureStatus.Missed, 6);
    }

    [Fact]
    public void Unjudged_first_touch_clocks_are_left_out_of_compliance()
    {
        // As of 28 November 10:00 L8 was touched already; a lead due later that day and untouched is not judged yet.
        var pending = Lead(Guid.NewGuid(), N(28, 9), "webinar", true) with { AssignedAt = N(28, 9), FirstTouchDueAt = N(28, 13) };
        var scorecard = ScorecardCalculator.Compute([.. Leads, pending], Breaches, November, LeadFilter.None, Targets, asOf: N(28, 10));

        AssertFigure(scorecard.Figure(FigureKeys.FollowUpCompliance), 0.6667m, 0.90m, FigureStatus.Missed, 6);
    }

    [Fact]
    public void Mql_to_opportunity_rate_follows_the_november_mqls()
    {
        // MQLs: L1, L2, L3, L4, L5, L8, L9; reached opportunity: L1, L3, L4, L9 → 4 / 7.
        AssertFigure(November2026.Figure(FigureKeys.MqlToOpportunityRate), 0.5714m, null, FigureStatus.NoTarget, 7);
    }

    [Fact]
    public void Source_mix_splits_november_opportunities_by_who_sourced_them()
    {
        // Opportunities opened in November: L1, L4, L7, L9 from marketing; L3 from sales.
        Assert.Equal(new SourceMix(4, 1, 0.8m), November2026.SourceMix);
        AssertFigure(November2026.Figure(FigureKeys.MarketingSourcedShare), 0.8m, null, FigureStatus.NoTarget, 5);
    }

    [Fact]
    public void Speed_to_first_touch_uses_nearest_rank_percentiles_in_minutes()
    {
        // Assignment → first touch: 10, 20, 30, 120, 360 minutes; p50 is the 3rd, p90 the 5th.
        AssertFigure(November2026.Figure(FigureKeys.SpeedToFirstTouchP50), 30m, null, FigureStatus.NoTarget, 5);
        AssertFigure(November2026.Figure(FigureKeys.SpeedToFirstTouchP90), 360m, 240m, FigureStatus.Missed, 5);
    }

    [Fact]
    public void Breaches_are_listed_with_reasons_and_unannotated_ones_flagged()
    {
        var scorecard = November2026;

        AssertFigure(scorecard.Figure(FigureKeys.SlaBreaches), 3m, null, FigureStatus.NoTarget, 3);
        AssertFigure(scorecard.Figure(FigureKeys.UnannotatedBreaches), 2m, 0m, FigureStatus.Missed, 3);
        Assert.Equal([L3, L5, L5], scorecard.Breaches.Select(b => b.LeadId));
        Assert.Equal(["rep in training", null, null], scorecard.Breaches.Select(b => b.Reason));
        Assert.Equal([new ClauseBreaches("first_touch", 2, 1), new ClauseBreaches("accept_or_reject", 1, 1)], scorecard.BreachesByClause);
    }

    [Fact]
    public void Cycle_length_is_the_mean_days_from_mql_to_close()
    {
        // Closed in November: L1 18 days, L3 21 (lost), L7 18, L9 12 → 69 / 4 = 17.25, shown as 17.3.
        AssertFigure(November2026.Figure(FigureKeys.CycleLength), 17.3m, null, FigureStatus.NoTarget, 4);
    }

    [Fact]
    public void Marketing_influenced_revenue_sums_won_amounts_per_currency()
    {
        var scorecard = November2026;

        // L1 10,000 + L7 20,000 USD; L9 3,000 EUR; L3 lost and sales-sourced.
        Assert.Equal([new MoneyAmount("EUR", 3_000m), new MoneyAmount("USD", 30_000m)], scorecard.MarketingInfluencedRevenue);
        var figure = scorecard.Figure(FigureKeys.MarketingInfluencedRevenue);
        AssertFigure(figure, 30_000m, null, FigureStatus.NoTarget, 3);
        Assert.Equal("USD", figure.Currency);
    }

    [Fact]
    public void Icp_fit_mqls_delivered_are_judged_against_the_prorated_commitment()
    {
        // ICP-fit November MQLs: L1, L2, L4, L5, L8 = 5 against a commitment of 6 a month.
        AssertFigure(November2026.Figure(FigureKeys.IcpMqls), 5m, 6m, FigureStatus.Missed, 7);

        var firstHalf = new ReportPeriod(N(1, 0), N(16, 0));
        var half = ScorecardCalculator.Compute(Leads, Breaches, firstHalf, LeadFilter.None, Targets).Figure(FigureKeys.IcpMqls);
        // 1–15 November is half the month: 3 committed, 4 delivered (L1, L2, L4, L5).
        AssertFigure(half, 4m, 3m, FigureStatus.Met, 6);
    }

    [Fact]
    public void Rejection_reasons_are_broken_down_by_count()
    {
        Assert.Equal([new ReasonCount("no_fit", 1, 0.5m), new ReasonCount("no_timing", 1, 0.5m)], November2026.RejectionReasons);
    }

    [Fact]
    public void Filters_apply_to_leads_and_to_their_breaches()
    {
        var scorecard = ScorecardCalculator.Compute(Leads, Breaches, November, new LeadFilter { Source = "webinar" }, Targets);

        // Dispositions of webinar leads: L1, L4, L7 accepted; L2, L5 rejected → 3 / 5. L3's breach is not a webinar lead's.
        AssertFigure(scorecard.Figure(FigureKeys.AcceptanceRate), 0.6m, 0.70m, FigureStatus.Missed, 5);
        Assert.Equal([L5, L5], scorecard.Breaches.Select(b => b.LeadId));
    }

    [Fact]
    public void A_period_without_data_reports_no_data_rather_than_zero()
    {
        var scorecard = ScorecardCalculator.Compute(Leads, Breaches, ReportPeriod.Month(2027, 3), LeadFilter.None, ScorecardTargets.Default);

        Assert.Equal(FigureStatus.NoData, scorecard.Figure(FigureKeys.AcceptanceRate).Status);
        Assert.Null(scorecard.Figure(FigureKeys.SpeedToFirstTouchP90).Value);
        Assert.Equal(FigureStatus.Met, scorecard.Figure(FigureKeys.UnannotatedBreaches).Status);
    }

    [Theory]
    [InlineData(0.70, TargetComparison.GreaterThan, false)]
    [InlineData(0.7001, TargetComparison.GreaterThan, true)]
    [InlineData(0.70, TargetComparison.AtLeast, true)]
    [InlineData(240, TargetComparison.AtMost, false)]
    [InlineData(0, TargetComparison.LessThan, true)]
    public void Targets_compare_exactly(double value, TargetComparison comparison, bool met)
    {
        var target = comparison == TargetComparison.AtMost ? 239m : comparison == TargetComparison.LessThan ? 1m : 0.70m;
        Assert.Equal(met, FigureTarget.IsMet((decimal)value, target, comparison));
    }

    private static void AssertFigure(ScorecardFigure figure, decimal? value, decimal? target, FigureStatus status, long sampleSize) =>
        Assert.Equal((value, target, status, sampleSize), (figure.Value, figure.Target, figure.Status, figure.SampleSize));
}
