using RevOps.Reporting.Domain;
using static RevOps.Reporting.Tests.NovemberLeads;

namespace RevOps.Reporting.Tests;

public sealed class ReviewSamplerTests
{
    private static readonly DateOnly WeekOf2November = new(2026, 11, 2);

    [Fact]
    public void Sample_takes_twenty_leads_in_turn_from_breached_rejected_and_accepted()
    {
        var (leads, breaches) = WeekOfLeads(accepted: 15, rejected: 15, breached: 10, day: N(3, 9));

        var pack = ReviewSampler.Build(leads, breaches, WeekOf2November, LeadFilter.None, ScorecardTargets.Default);

        Assert.Equal(20, pack.Leads.Count);
        Assert.Equal(20, pack.Leads.Select(l => l.LeadId).Distinct().Count());
        Assert.Equal(7, pack.Leads.Count(l => l.Bucket == ReviewBucket.Breached));
        Assert.Equal(7, pack.Leads.Count(l => l.Bucket == ReviewBucket.Rejected));
        Assert.Equal(6, pack.Leads.Count(l => l.Bucket == ReviewBucket.Accepted));
        Assert.Equal([ReviewBucket.Breached, ReviewBucket.Rejected, ReviewBucket.Accepted], pack.Leads.Take(3).Select(l => l.Bucket));
        Assert.All(pack.Leads.Where(l => l.Bucket == ReviewBucket.Breached), l => Assert.Equal(["first_touch"], l.BreachedClauses));
        Assert.All(pack.Leads.Where(l => l.Bucket == ReviewBucket.Rejected), l => Assert.Equal("no_fit", l.RejectionReason));
        Assert.All(pack.Leads, l => Assert.Equal(70, l.TotalScore));
    }

    [Fact]
    public void Sample_is_the_same_whatever_order_the_leads_come_in()
    {
        var (leads, breaches) = WeekOfLeads(accepted: 30, rejected: 30, breached: 30, day: N(4, 9));

        var first = ReviewSampler.Build(leads, breaches, WeekOf2November, LeadFilter.None, ScorecardTargets.Default);
        var reordered = ReviewSampler.Build(leads.AsEnumerable().Reverse(), breaches, WeekOf2November, LeadFilter.None, ScorecardTargets.Default);

        Assert.Equal(first.Leads, reordered.Leads, (a, b) => a.LeadId == b.LeadId && a.Bucket == b.Bucket);
    }

    [Fact]
    public void Another_week_draws_a_different_sample_from_the_same_kind_of_leads()
    {
        var (leads, breaches) = WeekOfLeads(accepted: 60, rejected: 0, breached: 0, day: N(4, 9));
        var nextWeek = leads.Select(l => l with { AcceptedAt = l.AcceptedAt!.Value.AddDays(7) }).ToList();

        var sample = ReviewSampler.Build(leads, breaches, WeekOf2November, LeadFilter.None, ScorecardTargets.Default).Leads.Select(l => l.LeadId);
        var next = ReviewSampler.Build(nextWeek, breaches, WeekOf2November.AddDays(7), LeadFilter.None, ScorecardTargets.Default).Leads.Select(l => l.LeadId);

        Assert.NotEqual(sample.ToHashSet(), next.ToHashSet());
    }

    [Fact]
    public void Short_buckets_leave_room_for_the_others_and_other_weeks_are_left_out()
    {
        var (leads, breaches) = WeekOfLeads(accepted: 30, rejected: 0, breached: 2, day: N(5, 9));
        var (lastWeek, lastWeekBreaches) = WeekOfLeads(accepted: 5, rejected: 5, breached: 5, day: T(10, 28, 9));

        var pack = ReviewSampler.Build([.. leads, .. lastWeek], [.. breaches, .. lastWeekBreaches], WeekOf2November, LeadFilter.None,
            ScorecardTargets.Default);

        Assert.Equal(2, pack.Leads.Count(l => l.Bucket == ReviewBucket.Breached));
        Assert.Equal(18, pack.Leads.Count(l => l.Bucket == ReviewBucket.Accepted));
        Assert.DoesNotContain(pack.Leads, l => lastWeek.Any(o => o.LeadId == l.LeadId));
    }

    [Fact]
    public void Review_week_must_start_on_a_monday()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            ReviewSampler.Build([], [], new DateOnly(2026, 11, 4), LeadFilter.None, ScorecardTargets.Default));
        Assert.Contains("Wednesday", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Largest_changes_rank_by_relative_movement_with_rises_from_zero_first()
    {
        var previous = Card(("a", 0.5m), ("b", 10m), ("c", 0m), ("d", 2m), ("e", 100m), ("f", null));
        var current = Card(("a", 0.6m), ("b", 5m), ("c", 3m), ("d", 2m), ("e", 130m), ("f", 1m));

        var changes = ReviewSampler.LargestChanges(previous, current);

        Assert.Equal(
            [
                new ReviewChange("c", "c", FigureUnit.Count, 0m, 3m, 3m, null),
                new ReviewChange("b", "b", FigureUnit.Count, 10m, 5m, -5m, -0.5m),
                new ReviewChange("e", "e", FigureUnit.Count, 100m, 130m, 30m, 0.3m),
            ],
            changes);
    }

    [Fact]
    public void Pack_carries_the_three_largest_changes_against_the_previous_week()
    {
        // Week of 26 October: L7's first-touch breach (unannotated); week of 2 November: L3's (annotated), L5's two (not).
        var pack = ReviewSampler.Build(Leads, Breaches, WeekOf2November, LeadFilter.None, ScorecardTargets.Default);

        var breachChange = Assert.Single(pack.LargestChanges, c => c.Key == FigureKeys.SlaBreaches);
        Assert.Equal((1m, 3m, 2m, 2m), (breachChange.Previous, breachChange.Current, breachChange.Change, breachChange.RelativeChange));
        Assert.Equal(3, pack.LargestChanges.Count);
    }

    private static (List<LeadFact> Leads, List<BreachFact> Breaches) WeekOfLeads(int accepted, int rejected, int breached, DateTimeOffset day)
    {
        var leads = new List<LeadFact>();
        var breaches = new List<BreachFact>();
        LeadFact Scored(LeadFact lead) => lead with { FitScore = 40, BehaviourScore = 30, TotalScore = 70, IcpFit = true };
        for (var i = 0; i < accepted; i++)
            leads.Add(Scored(Lead(Guid.NewGuid(), day, "webinar", true) with { AcceptedAt = day.AddHours(1) }));
        for (var i = 0; i < rejected; i++)
            leads.Add(Scored(Lead(Guid.NewGuid(), day, "webinar", true) with { RejectedAt = day.AddHours(1), RejectionReason = "no_fit" }));
        for (var i = 0; i < breached; i++)
        {
            var lead = Scored(Lead(Guid.NewGuid(), day, "webinar", true) with { AcceptedAt = day.AddHours(6) });
            leads.Add(lead);
            breaches.Add(Breach(lead.LeadId, day.AddHours(4), "first_touch", reason: null));
        }
        return (leads, breaches);
    }

    private static Scorecard Card(params (string Key, decimal? Value)[] figures) => new(
        November,
        figures.Select(f => new ScorecardFigure
        {
            Key = f.Key, Label = f.Key, Value = f.Value, Unit = FigureUnit.Count, Status = FigureStatus.NoTarget, SampleSize = 1,
        }).ToList(),
        new SourceMix(0, 0, null), [], [], [], []);
}
