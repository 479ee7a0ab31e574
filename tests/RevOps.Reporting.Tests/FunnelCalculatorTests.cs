using RevOps.Reporting.Domain;
using static RevOps.Reporting.Tests.NovemberLeads;

namespace RevOps.Reporting.Tests;

public sealed class FunnelCalculatorTests
{
    [Fact]
    public void Counts_the_november_cohort_at_each_stage_and_names_the_biggest_drop_off()
    {
        var funnel = FunnelCalculator.Compute(Leads, November, LeadFilter.None);

        // Captured in November: all but L7. L9 has no assignment or touch but won, so it counts at every stage.
        Assert.Equal(
            [
                new FunnelStageCount(FunnelStage.Captured, 8, null),
                new FunnelStageCount(FunnelStage.Mql, 7, 0.875m),
                new FunnelStageCount(FunnelStage.Assigned, 7, 1m),
                new FunnelStageCount(FunnelStage.FirstTouch, 6, 0.8571m),
                new FunnelStageCount(FunnelStage.Accepted, 4, 0.6667m),
                new FunnelStageCount(FunnelStage.Sao, 4, 1m),
                new FunnelStageCount(FunnelStage.Opportunity, 4, 1m),
                new FunnelStageCount(FunnelStage.Won, 2, 0.5m),
            ],
            funnel.Stages);
        Assert.Equal(new FunnelDropOff(FunnelStage.Opportunity, FunnelStage.Won, 2, 0.5m), funnel.BiggestDropOff);
    }

    [Fact]
    public void Filters_narrow_the_cohort()
    {
        var funnel = FunnelCalculator.Compute(Leads, November, new LeadFilter { Source = "webinar" });

        // L1, L2, L4, L5, L6, L8; the step to Accepted keeps 2 of 5 touched leads.
        Assert.Equal([6L, 5, 5, 4, 2, 2, 2, 1], funnel.Stages.Select(s => s.Count));
        Assert.Equal(new FunnelDropOff(FunnelStage.FirstTouch, FunnelStage.Accepted, 2, 0.5m), funnel.BiggestDropOff);
    }

    [Fact]
    public void Equal_conversions_name_the_earlier_step()
    {
        var won = Lead(Guid.NewGuid(), N(2, 9), "webinar", true) with { WonAt = N(20, 9) };
        var leads = new[]
        {
            won,
            Lead(Guid.NewGuid(), N(2, 9), "webinar", true) with { MqlAt = N(2, 9) },
            Lead(Guid.NewGuid(), N(2, 9), "webinar", true),
            Lead(Guid.NewGuid(), N(2, 9), "webinar", true),
        };

        var funnel = FunnelCalculator.Compute(leads, November, LeadFilter.None);

        // Captured 4 → MQL 2 and MQL 2 → Assigned 1 both keep half; the first loses 2.
        Assert.Equal([4L, 2, 1, 1, 1, 1, 1, 1], funnel.Stages.Select(s => s.Count));
        Assert.Equal(new FunnelDropOff(FunnelStage.Captured, FunnelStage.Mql, 2, 0.5m), funnel.BiggestDropOff);
    }

    [Fact]
    public void An_empty_period_has_zero_counts_and_no_drop_off()
    {
        var funnel = FunnelCalculator.Compute(Leads, ReportPeriod.Month(2027, 3), LeadFilter.None);

        Assert.All(funnel.Stages, s => Assert.Equal(0, s.Count));
        Assert.All(funnel.Stages, s => Assert.Null(s.ConversionFromPrevious));
        Assert.Null(funnel.BiggestDropOff);
    }
}
