using RevOps.Contracts.V1;
using RevOps.RevenueContract;
using RevOps.Simulator.Planning;

namespace RevOps.Simulator.Tests;

public class PlannerTests
{
    private static readonly ContractDocument Contract = ContractLoader.LoadDefault();

    /// <summary>About 5,000 leads: 1,000 a second for five seconds.</summary>
    private static SimulatorOptions ManyLeads(string scenario, int seed) =>
        new() { Scenario = scenario, Seed = seed, Rate = 1000, Duration = TimeSpan.FromSeconds(5), Acceleration = 3600 };

    private static List<PlannedLead> Leads(string scenario, int seed) =>
        PlannedLead.From(SimulationPlanner.Plan(Contract, Scenario.Find(scenario), ManyLeads(scenario, seed)).Actions);

    [Fact]
    public void The_same_seed_and_options_give_the_same_requests_in_the_same_order()
    {
        var options = new SimulatorOptions { Seed = 1234, Scenario = "demo", Rate = 50, Duration = TimeSpan.FromSeconds(10) };

        var first = SimulationPlanner.Plan(Contract, Scenario.Demo, options).Actions.ToList();
        var second = SimulationPlanner.Plan(Contract, Scenario.Demo, options).Actions.ToList();

        Assert.True(first.Count > 1000, $"only {first.Count} requests planned");
        Assert.Equal(first, second);
    }

    [Fact]
    public void A_different_seed_gives_different_leads()
    {
        var options = new SimulatorOptions { Seed = 1, Rate = 50, Duration = TimeSpan.FromSeconds(10) };

        var one = PlannedLead.From(SimulationPlanner.Plan(Contract, Scenario.Demo, options).Actions);
        var other = PlannedLead.From(SimulationPlanner.Plan(Contract, Scenario.Demo, options with { Seed = 2 }).Actions);

        var sameProfile = one.Zip(other).Count(p =>
            p.First.Submission.Lead.JobTitle == p.Second.Submission.Lead.JobTitle
            && p.First.Submission.Lead.AnnualRevenue.Equals(p.Second.Submission.Lead.AnnualRevenue));
        Assert.True(sameProfile < one.Count / 10, $"{sameProfile} of {one.Count} leads have the same title and revenue under both seeds");
        Assert.Empty(one.Select(l => l.Submission.Lead.Email).Intersect(other.Select(l => l.Submission.Lead.Email)));
    }

    [Fact]
    public void Requests_come_in_time_order_and_each_lead_starts_with_its_submission_and_carries_unique_keys()
    {
        var actions = SimulationPlanner.Plan(Contract, Scenario.CompanyA, ManyLeads("company-a", 5)).Actions.ToList();

        Assert.All(actions.Zip(actions.Skip(1)), pair => Assert.True(pair.First.At <= pair.Second.At));
        foreach (var lead in PlannedLead.From(actions))
        {
            Assert.Equal(Enumerable.Range(0, lead.Actions.Count), lead.Actions.Select(a => a.Step));
            Assert.IsType<SubmitLeadRequest>(lead.Actions[0].Request);
            Assert.Equal([lead.Actions[^1]], lead.Actions.Where(a => a.IsLastOfLead));
        }
        // Every request but a breach's explanation, which overwrites the reason and needs no key.
        var keys = actions.Where(a => a.Request is not AnnotateBreachRequest)
            .Select(a => (string)a.Request.Descriptor.FindFieldByName("idempotency_key").Accessor.GetValue(a.Request)).ToList();
        Assert.DoesNotContain("", keys);
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("company-a")]
    [InlineData("company-b")]
    public void The_share_of_leads_inside_the_contract_ICP_is_the_scenario_share(string scenario)
    {
        var leads = Leads(scenario, seed: 11);

        var share = leads.Count(l => l.IsIcp(Contract)) / (double)leads.Count;

        Assert.InRange(leads.Count, 4500, 5500);
        Assert.InRange(share, Scenario.Find(scenario).IcpShare - 0.03, Scenario.Find(scenario).IcpShare + 0.03);
    }

    [Theory]
    [InlineData("company-a", 0.5, 0.3, 0.2)]
    [InlineData("company-b", 0.8, 0.4, 0.35)]
    public void Meetings_opportunities_and_wins_follow_the_scenario_rates(string scenario, double meeting, double opportunity, double win)
    {
        var leads = Leads(scenario, seed: 21);

        var met = leads.Where(l => l.ReachedMeeting).ToList();
        var opportunities = met.Where(l => l.BecameOpportunity).ToList();
        var won = opportunities.Count(l => l.Won);

        Assert.InRange(met.Count / (double)leads.Count, meeting - 0.03, meeting + 0.03);
        Assert.InRange(opportunities.Count / (double)met.Count, opportunity - 0.04, opportunity + 0.04);
        Assert.InRange(won / (double)opportunities.Count, win - 0.05, win + 0.05);
        // Only met leads become opportunities, and only opportunities close.
        Assert.DoesNotContain(leads, l => l.BecameOpportunity && !l.ReachedMeeting);
    }

    [Fact]
    public void Leads_sales_work_on_clear_the_MQL_threshold_by_the_margin_and_the_others_stay_below_it()
    {
        var threshold = Contract.Scoring.MqlThreshold;
        var leads = Leads("demo", seed: 31);

        var worked = leads.Where(l => l.WorkedBySales).ToList();
        var nurtured = leads.Where(l => !l.WorkedBySales).ToList();

        Assert.NotEmpty(nurtured);
        Assert.All(worked, l => Assert.True(l.PlannedScore(Contract) >= threshold + 10, $"lead {l.Number} scores {l.PlannedScore(Contract)}"));
        Assert.All(nurtured, l => Assert.True(l.PlannedScore(Contract) < threshold, $"lead {l.Number} scores {l.PlannedScore(Contract)}"));
    }

    [Fact]
    public void Reps_accept_or_reject_with_contract_reasons_and_some_reject_late()
    {
        var scenario = Scenario.CompanyA;
        var leads = Leads(scenario.Name, seed: 41);
        var reasons = Contract.DispositionReasons.Select(r => r.Id).ToHashSet();

        var dispositions = leads.SelectMany(l => l.Actions).Where(a => a.Request is RecordDispositionRequest).ToList();
        var rejects = dispositions.Where(a => ((RecordDispositionRequest)a.Request).Disposition == Disposition.Reject).ToList();

        Assert.Equal(leads.Count(l => l.WorkedBySales), dispositions.Count);
        Assert.All(rejects, r => Assert.Contains(((RecordDispositionRequest)r.Request).ReasonCode, reasons));
        Assert.InRange(rejects.Count(r => r.Late) / (double)rejects.Count, scenario.LateShare - 0.04, scenario.LateShare + 0.04);
        // Reps that end up meeting the lead accept it before the meeting.
        Assert.All(leads.Where(l => l.ReachedMeeting), l => Assert.Equal(Disposition.Accept, Assert.Single(l.Requests<RecordDispositionRequest>()).Disposition));
        // Non-ICP leads are mostly rejected as no fit.
        var noFit = rejects.Count(r => ((RecordDispositionRequest)r.Request).ReasonCode == "no_fit");
        Assert.InRange(noFit / (double)rejects.Count, 0.2, 0.6);
    }

    [Fact]
    public void Managers_explain_the_breaches_of_most_late_steps_right_after_them()
    {
        var leads = Leads(Scenario.Demo.Name, seed: 43);

        var lateSteps = 0;
        var explained = 0;
        foreach (var lead in leads)
        {
            for (var i = 0; i < lead.Actions.Count; i++)
            {
                if (lead.Actions[i].Request is not AnnotateBreachRequest annotation)
                {
                    lateSteps += lead.Actions[i].Late ? 1 : 0;
                    continue;
                }
                explained++;
                Assert.True(lead.Actions[i - 1].Late, $"lead {lead.Number} explains a breach after a step on time");
                Assert.Equal(lead.Actions[i - 1].At, lead.Actions[i].At);
                Assert.False(string.IsNullOrWhiteSpace(annotation.Reason));
            }
        }
        Assert.InRange(lateSteps, 200, int.MaxValue);
        Assert.InRange(explained / (double)lateSteps, 0.7, 0.8);
    }

    [Fact]
    public void An_unbounded_plan_is_planned_as_it_is_read()
    {
        var options = new SimulatorOptions { Seed = 3, Rate = 5, Duration = null };

        var first = SimulationPlanner.Plan(Contract, Scenario.Demo, options).Actions.Take(2000).ToList();

        Assert.Equal(2000, first.Count);
        Assert.Equal(first, SimulationPlanner.Plan(Contract, Scenario.Demo, options).Actions.Take(2000));
    }
}
