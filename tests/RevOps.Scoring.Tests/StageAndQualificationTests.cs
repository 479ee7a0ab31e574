using RevOps.Contracts.Events;
using RevOps.RevenueContract;
using RevOps.Scoring.Domain;

namespace RevOps.Scoring.Tests;

public class StageAndQualificationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly ContractDocument _contract = ContractLoader.LoadDefault();

    private static LeadScore ScoreOf(int fit, int behaviour, int version = 1) => new()
    {
        ContractVersion = version,
        FitScore = fit,
        BehaviourScore = behaviour,
        MqlThreshold = 60,
        IcpFit = false,
        Contributions = [],
        ScoredAt = Now,
    };

    [Fact]
    public void New_lead_below_threshold_is_a_lead()
    {
        Assert.Equal("lead", StageResolver.Determine(_contract, new LeadProgress(), ScoreOf(20, 10)).Id);
    }

    [Fact]
    public void Lead_at_threshold_is_an_mql_and_stays_one_after_decay()
    {
        Assert.Equal("mql", StageResolver.Determine(_contract, new LeadProgress(), ScoreOf(40, 20)).Id);
        Assert.Equal("mql", StageResolver.Determine(_contract, new LeadProgress { Qualified = true }, ScoreOf(40, 5)).Id);
    }

    [Fact]
    public void Accepted_lead_is_sql_then_opportunity_stages_follow_the_crm()
    {
        var accepted = new LeadProgress { Qualified = true, Accepted = true };

        Assert.Equal("sql", StageResolver.Determine(_contract, accepted).Id);
        Assert.Equal("sao", StageResolver.Determine(_contract, accepted with { Outcome = OpportunityOutcome.Open, OpportunityStages = ["discovery"] }).Id);
        Assert.Equal("opportunity", StageResolver.Determine(_contract, accepted with { Outcome = OpportunityOutcome.Open, OpportunityStages = ["discovery", "Proposal"] }).Id);
        Assert.Equal("won", StageResolver.Determine(_contract, accepted with { Outcome = OpportunityOutcome.Won, OpportunityStages = ["proposal", "closed_won"] }).Id);
        Assert.Equal("lost", StageResolver.Determine(_contract, accepted with { Outcome = OpportunityOutcome.Lost, OpportunityStages = ["discovery"] }).Id);
    }

    [Fact]
    public void Lead_qualifies_when_it_first_crosses_the_threshold()
    {
        Assert.True(Qualification.ShouldQualify(ScoreOf(40, 20), []));
        Assert.False(Qualification.ShouldQualify(ScoreOf(40, 19), []));
    }

    [Fact]
    public void Lead_qualifies_once_per_contract_version()
    {
        Assert.False(Qualification.ShouldQualify(ScoreOf(60, 30, version: 1), [1]));
        Assert.True(Qualification.ShouldQualify(ScoreOf(60, 30, version: 2), [1]));
    }

    [Fact]
    public void Rescoring_with_new_activity_crosses_the_threshold_once()
    {
        var lead = new LeadAttributes { JobTitle = "Head of Growth", AnnualRevenue = 8_000_000m };
        var activities = new List<ActivityFact>();
        var qualifiedVersions = new List<int>();
        var published = 0;

        foreach (var type in new[] { "webinar_attended", "demo_requested", "content_downloaded", "demo_requested" })
        {
            activities.Add(new ActivityFact(type, Now));
            var score = LeadScorer.Score(_contract, lead, activities, Now);
            if (Qualification.ShouldQualify(score, qualifiedVersions))
            {
                published++;
                qualifiedVersions.Add(score.ContractVersion);
            }
        }

        Assert.Equal(1, published);
    }
}
