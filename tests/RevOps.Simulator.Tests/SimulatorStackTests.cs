using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;
using RevOps.Contracts.V1;
using RevOps.RevenueContract;
using RevOps.Simulator.Planning;
using RevOps.Simulator.Running;

namespace RevOps.Simulator.Tests;

public class SimulatorStackTests(SimulatorStack stack) : IClassFixture<SimulatorStack>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Every_planned_lead_exists_once_with_its_requests_and_a_rerun_of_the_plan_duplicates_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var metrics = new SimulatorMetrics();
        var caller = new RetryingCaller(metrics, NullLogger<RetryingCaller>.Instance);
        var runner = new SimulationRunner(stack.Client, caller, metrics, TimeProvider.System, NullLogger<SimulationRunner>.Instance);
        var contract = await stack.Client.LoadActiveContractAsync(ct);
        var roster = SimulatedReps.Roster(contract, repsPerTeam: 2);
        Assert.Equal(roster.Count, await new SimulatedReps(stack.Client, caller, NullLogger<SimulatedReps>.Instance).RegisterAsync(roster, ct));

        // About 20 leads; a million-fold clock plays their weeks of sales cycle in seconds. No late reps: they would wait out
        // real follow-up deadlines, hours away.
        var options = new SimulatorOptions { Seed = 14, Scenario = "company-b", Rate = 10, Duration = TimeSpan.FromSeconds(2), Acceleration = 1_000_000 };
        var plan = SimulationPlanner.Plan(contract, Scenario.CompanyB with { LateShare = 0 }, options);
        var planned = PlannedLead.From(plan.Actions);
        Assert.InRange(planned.Count, 8, 40);
        // The seed gives every path: won deals, rejected leads, leads that never reach MQL.
        Assert.Contains(planned, l => l.Won);
        Assert.Contains(planned, l => l.Requests<RecordDispositionRequest>().Any(d => d.Disposition == Disposition.Reject));
        Assert.Contains(planned, l => !l.WorkedBySales);

        await RunAsync(runner, contract, plan, roster, ct);

        Assert.Equal(new SimulatorTotals(planned.Count, LeadsReplayed: 0, metrics.Totals.Requests, 0, Failures: 0, Skipped: 0), metrics.Totals with { Retries = 0 });
        var first = await ReadBackAsync(planned, ct);

        await RunAsync(runner, contract, plan, roster, ct);

        Assert.Equal(planned.Count, metrics.Totals.LeadsReplayed);
        Assert.Equal(0, metrics.Totals.Failures);
        var second = await ReadBackAsync(planned, ct);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Late_reps_leave_breaches_and_the_manager_explains_those_the_plan_says_in_sla()
    {
        var ct = TestContext.Current.CancellationToken;
        // Follow-up windows of one and two minutes, so late reps wait out real deadlines within the test.
        var contract = await stack.ActivateAsync(ContractLoader.DefaultYaml
            .Replace("    within: 4 business_hours\n", "    within: 1 minutes\n", StringComparison.Ordinal)
            .Replace("    within: 24 hours\n", "    within: 2 minutes\n", StringComparison.Ordinal), ct);
        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)], contract.FollowUp.Take(2).Select(c => c.Within.ToTimeSpan()));
        using var metrics = new SimulatorMetrics();
        var caller = new RetryingCaller(metrics, NullLogger<RetryingCaller>.Instance);
        var runner = new SimulationRunner(stack.Client, caller, metrics, TimeProvider.System, NullLogger<SimulationRunner>.Instance);
        var roster = SimulatedReps.Roster(contract, repsPerTeam: 2);
        await new SimulatedReps(stack.Client, caller, NullLogger<SimulatedReps>.Instance).RegisterAsync(roster, ct);
        var startedAt = DateTimeOffset.UtcNow;

        var options = new SimulatorOptions { Seed = 18, Scenario = "demo", Rate = 5, Duration = TimeSpan.FromSeconds(2), Acceleration = 1_000_000 };
        var plan = SimulationPlanner.Plan(contract, Scenario.Demo with { LateShare = 1 }, options);
        var planned = PlannedLead.From(plan.Actions);
        var late = planned.Where(l => l.Actions.Any(a => a.Late)).ToList();
        // The seed gives both: breaches explained right after the late touch, and a late lead nobody explains.
        Assert.Contains(late, l => l.Actions.Zip(l.Actions.Skip(1)).Any(p => p.First.Request is RecordTouchRequest && p.Second.Request is AnnotateBreachRequest));
        Assert.Contains(late, l => !l.Actions.Any(a => a.Request is AnnotateBreachRequest));

        // Each late lead waits out its two deadlines: the second ends two minutes after routing assigned it.
        await RunAsync(runner, contract, plan, roster, ct, TimeSpan.FromMinutes(4));

        Assert.Equal((0, 0), (metrics.Totals.Failures, metrics.Totals.Skipped));
        var breaches = (await stack.Client.ListBreachesAsync(new ListBreachesRequest { From = Timestamp.FromDateTimeOffset(startedAt), Limit = 1000 }, ct)).Breaches;
        foreach (var lead in late)
        {
            var leadId = (await stack.Client.GetLeadAsync(new GetLeadRequest { Email = lead.Submission.Lead.Email }, ct)).LeadId;
            var own = breaches.Where(b => b.LeadId == leadId).ToList();
            var explanations = lead.Actions.Zip(lead.Actions.Skip(1))
                .Where(p => p.Second.Request is AnnotateBreachRequest).ToDictionary(p => p.First.Request.GetType(), p => ((AnnotateBreachRequest)p.Second.Request).Reason);
            Assert.Contains(own, b => b.ClauseId == "first_touch");
            Assert.All(own.Where(b => !b.Flagged), b => Assert.Equal((true, contract.FindTeam(b.TeamId)!.Manager), (explanations.ContainsValue(b.Reason), b.AnnotatedBy)));
            // The explanation right after the late touch names the first-touch breach; with none planned, nothing is explained.
            if (explanations.TryGetValue(typeof(RecordTouchRequest), out var touchReason))
                Assert.Equal(touchReason, own.Where(b => b.ClauseId == "first_touch").MinBy(b => b.BreachedAt.ToDateTimeOffset())!.Reason);
            if (explanations.Count == 0)
                Assert.All(own, b => Assert.True(b.Flagged));
        }
    }

    private static async Task RunAsync(SimulationRunner runner, ContractDocument contract, SimulationPlan plan, IReadOnlyList<RoutingRep> roster,
        CancellationToken ct, TimeSpan? within = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(within ?? RunTimeout);
        await runner.RunAsync(contract, plan, roster, timeout.Token);
    }

    /// <summary>Reads every planned lead back by its email and checks its timeline holds each planned request exactly once.</summary>
    private async Task<List<string>> ReadBackAsync(List<PlannedLead> planned, CancellationToken ct)
    {
        var leadIds = new List<string>();
        foreach (var lead in planned)
        {
            var stored = await stack.Client.GetLeadAsync(new GetLeadRequest { Email = lead.Submission.Lead.Email }, ct);
            var what = $"lead {lead.Number} ({stored.LeadId})";
            var source = Assert.Single(stored.Sources);
            Assert.Equal(lead.Submission.Lead.ExternalId, source.ExternalId);
            Assert.True(lead.Requests<RecordActivityRequest>().Count() == Count(stored, "activity"), $"{what}: activities");
            Assert.True(lead.Requests<RecordTouchRequest>().Count() == Count(stored, "touch"), $"{what}: touches");
            Assert.True(lead.Requests<RecordDispositionRequest>().Count(d => d.Disposition == Disposition.Accept) == Count(stored, "accepted"), $"{what}: accepts");
            Assert.True(lead.Requests<RecordDispositionRequest>().Count(d => d.Disposition == Disposition.Reject) == Count(stored, "rejected"), $"{what}: rejects");
            Assert.True(lead.Requests<RecordOpportunityRequest>().Count() == Count(stored, "opportunity"), $"{what}: opportunity stages");
            if (lead.WorkedBySales)
                Assert.NotEqual("lead", stored.Stage);
            if (lead.Won)
                Assert.Equal("won", stored.Stage);
            leadIds.Add(stored.LeadId);
        }
        Assert.Equal(planned.Count, leadIds.Distinct().Count());
        return leadIds;
    }

    private static int Count(GetLeadResponse lead, string kind) => lead.Timeline.Count(e => e.Kind == kind);
}
