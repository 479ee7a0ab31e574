using RevOps.RevenueContract;
using RevOps.Scoring.Domain;

namespace RevOps.Scoring.Tests;

public class LeadScorerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly ContractDocument _contract = ContractLoader.LoadDefault();

    private static LeadAttributes IdealFit() => new()
    {
        JobTitle = "VP, Growth",
        AnnualRevenue = 12_000_000m,
        DecisionTimelineDays = 30,
        BudgetAuthority = true,
    };

    private LeadScore Score(LeadAttributes lead, params ActivityFact[] activities) => LeadScorer.Score(_contract, lead, activities, Now);

    [Fact]
    public void Ideal_fit_earns_every_fit_criterion_with_reasons()
    {
        var score = Score(IdealFit());

        Assert.Equal(25 + 20 + 15 + 15, score.FitScore);
        Assert.Equal(0, score.BehaviourScore);
        Assert.True(score.IcpFit);
        Assert.Equal(1, score.ContractVersion);
        var role = score.Contributions.Single(c => c.CriterionId == "qualified_role");
        Assert.Equal("job_title 'VP, Growth' contains 'vp growth'", role.Why);
        Assert.Equal("annual_revenue 12000000 is within 5000000-50000000", score.Contributions.Single(c => c.CriterionId == "company_size").Why);
    }

    [Fact]
    public void A_generic_hiring_manager_earns_nothing_for_role()
    {
        var score = Score(IdealFit() with { JobTitle = "Hiring Manager" });

        var role = score.Contributions.Single(c => c.CriterionId == "qualified_role");
        Assert.False(role.Matched);
        Assert.Equal(0, role.Points);
        Assert.Equal(25, role.MaxPoints);
        Assert.StartsWith("job_title 'Hiring Manager' matches none", role.Why, StringComparison.Ordinal);
        Assert.False(score.IcpFit);
    }

    [Theory]
    [InlineData(4_999_999, false)]
    [InlineData(5_000_000, true)]
    [InlineData(50_000_000, true)]
    [InlineData(50_000_001, false)]
    public void Startups_below_and_enterprises_above_the_arr_band_earn_nothing_for_size(long arr, bool earns)
    {
        var score = Score(IdealFit() with { AnnualRevenue = arr });

        Assert.Equal(earns ? 20 : 0, score.Contributions.Single(c => c.CriterionId == "company_size").Points);
    }

    [Fact]
    public void Unknown_attributes_earn_nothing_and_say_so()
    {
        var score = Score(new LeadAttributes());

        Assert.Equal(0, score.TotalScore);
        Assert.All(score.Contributions, c => Assert.False(c.Matched));
        Assert.Equal("decision_timeline_days is unknown", score.Contributions.Single(c => c.CriterionId == "decision_timeline").Why);
    }

    [Fact]
    public void Timeline_beyond_60_days_earns_nothing()
    {
        var score = Score(IdealFit() with { DecisionTimelineDays = 90 });

        Assert.Equal(0, score.Contributions.Single(c => c.CriterionId == "decision_timeline").Points);
        Assert.Equal("decision_timeline_days 90 is above 60", score.Contributions.Single(c => c.CriterionId == "decision_timeline").Why);
    }

    [Fact]
    public void Fresh_demo_request_earns_full_points()
    {
        var score = Score(new LeadAttributes(), new ActivityFact("demo_requested", Now));

        var demo = score.Contributions.Single(c => c.CriterionId == "demo_request");
        Assert.Equal(30, demo.Points);
        Assert.Equal(30, score.BehaviourScore);
        Assert.Contains("30 x 1.00", demo.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Behaviour_points_halve_every_half_life()
    {
        var oneHalfLife = Score(new LeadAttributes(), new ActivityFact("demo_requested", Now.AddDays(-30)));
        var twoHalfLives = Score(new LeadAttributes(), new ActivityFact("demo_requested", Now.AddDays(-60)));

        Assert.Equal(15, oneHalfLife.BehaviourScore);
        Assert.Equal(8, twoHalfLives.BehaviourScore); // 7.5 rounds away from zero
        Assert.Equal("demo_requested 30 days ago: 30 x 0.50 (half-life 30 days) = 15", oneHalfLife.Contributions.Single(c => c.CriterionId == "demo_request").Why);
    }

    [Fact]
    public void Two_emails_opened_are_not_enough_three_are()
    {
        var two = Score(new LeadAttributes(), new ActivityFact("email_opened", Now), new ActivityFact("email_opened", Now));
        var three = Score(new LeadAttributes(), new ActivityFact("email_opened", Now), new ActivityFact("email_opened", Now), new ActivityFact("email_opened", Now));

        Assert.Equal(0, two.BehaviourScore);
        Assert.Equal("2 email_opened activities, 3 needed", two.Contributions.Single(c => c.CriterionId == "email_engagement").Why);
        Assert.Equal(10, three.BehaviourScore);
    }

    [Fact]
    public void A_counted_signal_decays_from_its_nth_most_recent_activity()
    {
        // Two old opens and one new one: the burst completed 60 days ago, so the signal is worth a quarter.
        var score = Score(new LeadAttributes(),
            new ActivityFact("email_opened", Now.AddDays(-60)),
            new ActivityFact("email_opened", Now.AddDays(-60)),
            new ActivityFact("email_opened", Now.AddDays(-1)));

        Assert.Equal(3, score.BehaviourScore); // 10 x 0.25 = 2.5, rounded away from zero
    }

    [Fact]
    public void Pricing_page_signal_needs_the_pricing_url()
    {
        var other = Score(new LeadAttributes(), new ActivityFact("page_visited", Now, "https://example.com/blog"));
        var pricing = Score(new LeadAttributes(), new ActivityFact("page_visited", Now, "https://example.com/Pricing?plan=pro"));

        Assert.Equal(0, other.BehaviourScore);
        Assert.Equal(15, pricing.BehaviourScore);
    }

    [Fact]
    public void Activity_reported_slightly_in_the_future_counts_as_now()
    {
        var score = Score(new LeadAttributes(), new ActivityFact("demo_requested", Now.AddMinutes(2)));

        Assert.Equal(30, score.BehaviourScore);
    }

    [Fact]
    public void Contributions_add_up_to_the_total_and_threshold_decides_mql()
    {
        var below = Score(IdealFit() with { BudgetAuthority = false, DecisionTimelineDays = null });
        var above = Score(IdealFit() with { BudgetAuthority = false, DecisionTimelineDays = null }, new ActivityFact("webinar_attended", Now.AddDays(-1)), new ActivityFact("content_downloaded", Now));

        Assert.Equal(45, below.TotalScore);
        Assert.False(below.MeetsThreshold);
        Assert.Equal(above.Contributions.Sum(c => c.Points), above.TotalScore);
        Assert.Equal(45 + 10 + 5, above.TotalScore);
        Assert.True(above.MeetsThreshold);
        Assert.Equal(60, above.MqlThreshold);
    }
}
