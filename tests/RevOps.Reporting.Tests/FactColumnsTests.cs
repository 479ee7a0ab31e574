using RevOps.Contracts.Events;
using RevOps.Reporting.Domain;
using static RevOps.Reporting.Tests.NovemberLeads;

namespace RevOps.Reporting.Tests;

public sealed class FactColumnsTests
{
    [Fact]
    public void A_lead_applied_again_is_counted_as_it_stands_now_and_once()
    {
        var columns = new FactColumns(capacity: 1);
        var lead = LeadFact.Empty(L1) with { CapturedAt = N(2, 9), Source = "webinar", MqlAt = N(2, 10), ContractVersion = 1 };
        columns.Apply([lead, LeadFact.Empty(L2) with { CapturedAt = N(3, 9), Source = "webinar" }], []);

        columns.Apply([lead with { Source = "partner", AssignedAt = N(2, 11), ContractVersion = 2 }], []);

        Assert.Equal(2, columns.LeadCount);
        Assert.Equal([1L, 1, 1, 0, 0, 0, 0, 0], columns.FunnelCounts(November, new LeadFilter { Source = "partner" }));
        Assert.Equal([1L, 0, 0, 0, 0, 0, 0, 0], columns.FunnelCounts(November, new LeadFilter { Source = "webinar" }));
        Assert.Equal([("contract_version", "1")], columns.UnknownFilterValues(new LeadFilter { Source = "webinar", ContractVersion = 1 }));
    }

    [Fact]
    public void A_value_no_lead_carries_any_more_is_unknown_and_matches_nothing()
    {
        var columns = new FactColumns();
        var lead = LeadFact.Empty(L1) with { CapturedAt = N(2, 9), TeamId = "emea", OwnerRepId = "rep-1" };
        columns.Apply([lead], [BreachFact.Empty(Guid.NewGuid(), L1) with { BreachedAt = N(2, 15) }]);
        columns.Apply([lead with { OwnerRepId = "rep-2" }], []);
        var filter = new LeadFilter { TeamId = "emea", OwnerRepId = "rep-1" };

        Assert.Equal([("owner_rep_id", "rep-1")], columns.UnknownFilterValues(filter));
        Assert.Equal(0, columns.FunnelCounts(November, filter)[0]);
        Assert.Equal(0, columns.Tally(November, filter, November.To).Breaches);
        Assert.Equal(1, columns.Tally(November, filter with { OwnerRepId = "rep-2" }, November.To).Breaches);
        Assert.Equal([("campaign", "never")], columns.UnknownFilterValues(new LeadFilter { Campaign = "never" }));
    }

    [Fact]
    public void Ties_and_boundaries_are_counted_as_the_in_memory_tally_counts_them()
    {
        var at = N(10, 12);
        var leads = new[]
        {
            // Accepted and rejected at the same instant: the accept counts.
            LeadFact.Empty(L1) with { CapturedAt = at, AcceptedAt = at, RejectedAt = at, RejectionReason = "no_fit" },
            // Touched exactly when due, exactly when assigned; closed exactly at MQL.
            LeadFact.Empty(L2) with { CapturedAt = at, MqlAt = at, AssignedAt = at, FirstTouchAt = at, FirstTouchDueAt = at,
                Outcome = OpportunityOutcome.Won, WonAt = at, MarketingInfluenced = true, Amount = 10m, Currency = "USD" },
            // Touched before the assignment it is timed from; won without an amount; lost but won earlier.
            LeadFact.Empty(L3) with { CapturedAt = at, AssignedAt = at.AddMinutes(5), FirstTouchAt = at, Outcome = OpportunityOutcome.Won,
                WonAt = at, MarketingInfluenced = true, Currency = "USD" },
            LeadFact.Empty(L4) with { MqlAt = at, Outcome = OpportunityOutcome.Lost, WonAt = at, LostAt = at.AddDays(1) },
            // A clock due at the period's last instant and one due exactly at its end; breached without a touch.
            LeadFact.Empty(L5) with { FirstTouchDueAt = November.To.AddTicks(-10), FirstTouchBreachedAt = at },
            LeadFact.Empty(L6) with { FirstTouchDueAt = November.To },
        };
        var breaches = new[] { BreachFact.Empty(Guid.NewGuid(), L5) with { BreachedAt = null }, BreachFact.Empty(Guid.NewGuid(), L9) with { BreachedAt = at } };
        var columns = new FactColumns();
        columns.Apply(leads, breaches);

        foreach (var asOf in new[] { at, November.To })
            Assert.Equivalent(ScorecardCalculator.Tally(leads, breaches, November, LeadFilter.None, asOf), columns.Tally(November, LeadFilter.None, asOf), strict: true);
        Assert.Equal(1, columns.Tally(November, LeadFilter.None, November.To).Accepted);
    }

    [Fact]
    public void Blocks_of_leads_far_from_a_period_are_skipped_without_missing_a_lead_that_moved_into_it()
    {
        // Three blocks of leads captured in time order over two years, each lead's stages within weeks of its capture...
        var random = new Random(11);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var leads = Enumerable.Range(0, 10_000).Select(i =>
        {
            var captured = start.AddHours(i * 1.75);
            DateTimeOffset? Later(double chance) => random.NextDouble() < chance ? captured.AddHours(random.Next(1, 24 * 40)) : null;
            return LeadFact.Empty(Guid.NewGuid()) with
            {
                CapturedAt = captured, MqlAt = Later(0.6), AssignedAt = Later(0.6), FirstTouchAt = Later(0.5), FirstTouchDueAt = Later(0.6),
                AcceptedAt = Later(0.3), RejectedAt = Later(0.2), OpportunityAt = Later(0.2), MarketingSourced = random.Next(2) == 0,
                Outcome = OpportunityOutcome.Lost, LostAt = Later(0.2),
            };
        }).ToList();
        var columns = new FactColumns();
        columns.Apply(leads, []);
        // ...but a few from the first block close, and a few are first accepted, a year and more later.
        foreach (var i in new[] { 3, 500, 4000 })
        {
            leads[i] = leads[i] with { Outcome = OpportunityOutcome.Lost, MqlAt = leads[i].CapturedAt, LostAt = new DateTimeOffset(2026, 6, 10, 0, 0, 0, TimeSpan.Zero) };
            leads[i + 1] = leads[i + 1] with { AcceptedAt = new DateTimeOffset(2026, 6, 11, 0, 0, 0, TimeSpan.Zero) };
        }
        columns.Apply([leads[3], leads[4], leads[500], leads[501], leads[4000], leads[4001]], []);

        // June 2026 counts the moved leads only if their block, otherwise a year and more before it, is scanned.
        foreach (var period in new[] { ReportPeriod.Month(2026, 6), ReportPeriod.Month(2025, 3), ReportPeriod.Month(2025, 10), ReportPeriod.Month(2027, 1) })
        {
            Assert.Equivalent(ScorecardCalculator.Tally(leads, [], period, LeadFilter.None), columns.Tally(period, LeadFilter.None, period.To), strict: true);
            Assert.Equal(FunnelCalculator.Compute(leads, period, LeadFilter.None).Stages,
                FunnelCalculator.Compute(columns.FunnelCounts(period, LeadFilter.None), period).Stages);
        }
    }

    [Fact]
    public void A_period_lists_the_leads_with_any_stage_in_it_and_leaves_out_the_rest()
    {
        var columns = new FactColumns();
        var inside = Lead(L1, T(10, 1, 9), "webinar", true) with { WonAt = N(30, 23) };
        var outside = Lead(L2, T(10, 1, 9), "webinar", true) with { WonAt = T(12, 1, 0) };
        var otherSource = Lead(L3, N(2, 9), "partner", false);
        columns.Apply([inside, outside, otherSource], []);

        Assert.Equal([L1], columns.LeadIdsIn(November, new LeadFilter { Source = "webinar" }));
        Assert.Equal([L1, L3], columns.LeadIdsIn(November, LeadFilter.None));
    }
}
