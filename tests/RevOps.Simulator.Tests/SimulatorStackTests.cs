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

    private static async Task RunAsync(SimulationRunner runner, ContractDocument contract, SimulationPlan plan, IReadOnlyList<RoutingRep> roster, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RunTimeout);
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
