using RevOps.Contracts.Events;
using RevOps.Reporting.Domain;

namespace RevOps.Reporting.Tests;

public sealed class LeadFactProjectorTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Full_story_projects_to_the_hand_checked_fact()
    {
        var events = new LeadEvents(Guid.NewGuid(), Monday);
        Guid firstBreach = Guid.NewGuid(), secondBreach = Guid.NewGuid();

        var (leads, breaches) = LeadFactProjector.ProjectAll(events.FullStory(firstBreach, secondBreach));

        var lead = Assert.Single(leads.Values);
        Assert.Equal(2, lead.ContractVersion);
        Assert.Equal(events.At(0), lead.CapturedAt);
        Assert.Equal(("webinar", "q4-launch", "mid_market", true), (lead.Source, lead.Campaign, lead.Segment, lead.MarketingSourced));
        Assert.True(lead.MarketingInfluenced);
        Assert.Equal((45, 42, 87, true), (lead.FitScore, lead.BehaviourScore, lead.TotalScore, lead.IcpFit));
        Assert.Equal(events.At(5), lead.MqlAt);
        Assert.Equal(events.At(6), lead.AssignedAt);
        Assert.Equal(("emea", "rep-2"), (lead.TeamId, lead.OwnerRepId));
        Assert.Equal(events.At(260), lead.FirstTouchAt);
        Assert.Equal(events.At(246), lead.FirstTouchDueAt);
        Assert.Equal(events.At(247), lead.FirstTouchBreachedAt);
        Assert.Equal(events.At(247), lead.FirstBreachAt);
        Assert.Equal(events.At(500), lead.AcceptedAt);
        Assert.Equal((events.At(320), "no_timing"), (lead.RejectedAt, lead.RejectionReason));
        Assert.Equal(Disposition.Accepted, lead.Disposition);
        Assert.Equal(events.At(2000), lead.SaoAt);
        Assert.Equal(events.At(3000), lead.OpportunityAt);
        Assert.Equal(events.At(5000), lead.WonAt);
        Assert.Null(lead.LostAt);
        Assert.Equal((OpportunityOutcome.Won, 15_000m, "USD", "closed_won"), (lead.Outcome, lead.Amount, lead.Currency, lead.OpportunityStage));
        Assert.Equal(events.At(5000), lead.ClosedAt);

        // The latest annotation, not the escalation's text.
        Assert.Equal(("rep-1 on holiday, no cover set", events.At(600)), (breaches[firstBreach].Reason, breaches[firstBreach].ReasonAt));
        Assert.Equal(("first_touch", events.At(247), events.At(246)), (breaches[firstBreach].ClauseId, breaches[firstBreach].BreachedAt, breaches[firstBreach].DueAt));
        Assert.True(breaches[secondBreach].IsUnannotated);
        Assert.Equal(2, breaches[secondBreach].BreachNumber);
    }

    [Fact]
    public void Any_order_with_redeliveries_gives_the_same_facts()
    {
        var events = new LeadEvents(Guid.NewGuid(), Monday).FullStory(Guid.NewGuid(), Guid.NewGuid());
        var expected = LeadFactProjector.ProjectAll(events);

        for (var seed = 0; seed < 300; seed++)
        {
            var (leads, breaches) = LeadFactProjector.ProjectAll(Shuffle.WithDuplicates(events, seed));
            Assert.Equal(expected.Leads.Values.Single(), leads.Values.Single());
            Assert.Equal(expected.Breaches.OrderBy(b => b.Key), breaches.OrderBy(b => b.Key));
        }
    }

    [Fact]
    public void Apply_folds_events_the_same_way_as_merging_their_projections()
    {
        var events = new LeadEvents(Guid.NewGuid(), Monday);
        var story = events.FullStory(Guid.NewGuid(), Guid.NewGuid());

        var folded = Shuffle.WithDuplicates(story, seed: 7).Aggregate(LeadFact.Empty(events.LeadId), LeadFactProjector.Apply);

        Assert.Equal(LeadFactProjector.ProjectAll(story).Leads[events.LeadId], folded);
    }

    [Fact]
    public void Merge_is_commutative_associative_and_idempotent()
    {
        var events = new LeadEvents(Guid.NewGuid(), Monday).FullStory(Guid.NewGuid(), Guid.NewGuid());
        var deltas = events.Select(LeadFactProjector.Project).Where(p => p?.Lead is not null).Select(p => p!.Lead!).ToList();

        foreach (var a in deltas)
        {
            Assert.Equal(a, LeadFactProjector.Merge(a, a));
            foreach (var b in deltas)
            {
                Assert.Equal(LeadFactProjector.Merge(a, b), LeadFactProjector.Merge(b, a));
                foreach (var c in deltas.Take(8))
                    Assert.Equal(LeadFactProjector.Merge(LeadFactProjector.Merge(a, b), c), LeadFactProjector.Merge(a, LeadFactProjector.Merge(b, c)));
            }
        }
    }

    [Fact]
    public void Later_opportunity_update_wins_by_occurred_at_not_by_arrival()
    {
        var events = new LeadEvents(Guid.NewGuid(), Monday);
        var won = events.Opportunity(100, "closed_won", OpportunityOutcome.Won, 9_000m);
        var earlierProposal = events.Opportunity(50, "proposal", OpportunityOutcome.Open, 5_000m);

        var fact = new IIntegrationEvent[] { won, earlierProposal }.Aggregate(LeadFact.Empty(events.LeadId), LeadFactProjector.Apply);

        Assert.Equal((OpportunityOutcome.Won, 9_000m, "closed_won"), (fact.Outcome, fact.Amount, fact.OpportunityStage));
        Assert.Equal(events.At(50), fact.OpportunityAt);
    }

    [Fact]
    public void Same_time_ties_break_on_the_event_id_whatever_the_order()
    {
        var events = new LeadEvents(Guid.NewGuid(), Monday);
        var low = events.Captured(0, source: "partner", eventId: Guid.Parse("00000000-0000-0000-0000-000000000001"));
        var high = events.Captured(0, source: "webinar", eventId: Guid.Parse("ffffffff-0000-0000-0000-000000000000"));

        var forward = LeadFactProjector.Apply(LeadFactProjector.Apply(LeadFact.Empty(events.LeadId), low), high);
        var backward = LeadFactProjector.Apply(LeadFactProjector.Apply(LeadFact.Empty(events.LeadId), high), low);

        Assert.Equal("partner", forward.Source);
        Assert.Equal(forward, backward);
    }

    [Fact]
    public void Early_crm_stages_count_as_sao_only()
    {
        var events = new LeadEvents(Guid.NewGuid(), Monday);

        var fact = LeadFactProjector.Apply(LeadFact.Empty(events.LeadId), events.Opportunity(10, "Discovery", OpportunityOutcome.Open, 0m));

        Assert.Equal(events.At(10), fact.SaoAt);
        Assert.Null(fact.OpportunityAt);
    }

    [Fact]
    public void A_lost_deal_closes_with_its_lost_time()
    {
        var events = new LeadEvents(Guid.NewGuid(), Monday);

        var fact = LeadFactProjector.Apply(LeadFact.Empty(events.LeadId), events.Opportunity(10, "closed_lost", OpportunityOutcome.Lost, 2_000m));

        Assert.Equal((events.At(10), events.At(10), events.At(10)), (fact.LostAt, fact.ClosedAt, fact.OpportunityAt));
        Assert.Null(fact.WonAt);
    }

    [Fact]
    public void Times_are_stored_in_utc_at_microsecond_precision()
    {
        var leadId = Guid.NewGuid();
        var touched = new LeadEvents(leadId, Monday).Touched(0) with { OccurredAt = new DateTimeOffset(2026, 11, 2, 11, 0, 0, TimeSpan.FromHours(2)).AddTicks(1234567) };

        var fact = LeadFactProjector.Apply(LeadFact.Empty(leadId), touched);

        Assert.Equal(TimeSpan.Zero, fact.FirstTouchAt!.Value.Offset);
        Assert.Equal(Monday.AddTicks(1234560), fact.FirstTouchAt);
    }

    [Fact]
    public void Events_reporting_does_not_read_change_nothing()
    {
        var leadId = Guid.NewGuid();
        var activity = new ActivityRecorded
        {
            EventId = Guid.NewGuid(), OccurredAt = Monday, ContractVersion = 9, LeadId = leadId, ActivityId = Guid.NewGuid(), ActivityType = "email_opened",
        };

        Assert.Null(LeadFactProjector.Project(activity));
        Assert.Equal(LeadFact.Empty(leadId), LeadFactProjector.Apply(LeadFact.Empty(leadId), activity));
    }

    [Fact]
    public void Merging_facts_of_different_leads_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => LeadFactProjector.Merge(LeadFact.Empty(Guid.NewGuid()), LeadFact.Empty(Guid.NewGuid())));
        Assert.Contains("Cannot merge lead", error.Message, StringComparison.Ordinal);
    }
}
