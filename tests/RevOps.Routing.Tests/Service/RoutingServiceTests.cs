using RevOps.Contracts.Events;
using RevOps.Contracts.V1;
using RevOps.Grpc;

namespace RevOps.Routing.Tests.Service;

/// <summary>The routing service as a process on the real stack: bus in, LeadAssigned out, gRPC to manage and explain.</summary>
public sealed class RoutingServiceTests(RoutingServiceFixture stack) : IClassFixture<RoutingServiceFixture>
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_LeadQualified_on_the_bus_yields_a_LeadAssigned_a_row_and_an_explanation()
    {
        var team = "emea"; // the default contract's rule "emea" matches region EMEA
        await UpsertRepAsync("svc-emea-a", team, weight: 1, maxOpen: 50);
        await UpsertRepAsync("svc-emea-b", team, weight: 1, maxOpen: 50);
        await UpsertRepAsync("svc-emea-off", team, weight: 1, maxOpen: 50, active: false);

        var leadId = Guid.NewGuid();
        await stack.Bus.Publish(Qualified(leadId, region: "EMEA"), TestContext.Current.CancellationToken);

        var assigned = Assert.Single((await stack.WaitForAssignmentsAsync([leadId], DeliveryTimeout))[leadId]);
        Assert.Equal(team, assigned.TeamId);
        Assert.Equal("emea", assigned.MatchedRuleId);
        Assert.Contains(assigned.OwnerRepId, new[] { "svc-emea-a", "svc-emea-b" });
        Assert.Null(assigned.FallbackQueue);

        var rows = await stack.CallAsync<ListAssignmentsRequest, ListAssignmentsResponse>(
            "ListAssignments", new ListAssignmentsRequest { TeamId = team, Limit = 10_000 });
        var row = Assert.Single(rows.Assignments, a => a.LeadId == leadId.ToString());
        Assert.Equal(assigned.OwnerRepId, row.RepId);

        var explained = await stack.CallAsync<ExplainAssignmentRequest, ExplainAssignmentResponse>(
            "ExplainAssignment", new ExplainAssignmentRequest { LeadId = leadId.ToString() });
        var decision = Assert.Single(explained.Decisions);
        Assert.Equal(assigned.OwnerRepId, decision.ChosenRepId);
        Assert.Equal("inactive", Assert.Single(decision.Candidates, c => c.RepId == "svc-emea-off").Verdict);
        Assert.Equal("chosen", Assert.Single(decision.Candidates, c => c.RepId == assigned.OwnerRepId).Verdict);
    }

    [Fact]
    public async Task Leads_for_a_team_with_nobody_available_go_to_its_fallback_queue()
    {
        await UpsertRepAsync("svc-na-ent-full", "na_enterprise", weight: 1, maxOpen: 0);
        var leadId = Guid.NewGuid();
        await stack.Bus.Publish(Qualified(leadId, country: "US", band: "enterprise"), TestContext.Current.CancellationToken);

        var assigned = Assert.Single((await stack.WaitForAssignmentsAsync([leadId], DeliveryTimeout))[leadId]);
        Assert.Equal("na_enterprise", assigned.TeamId);
        Assert.Null(assigned.OwnerRepId);
        Assert.Equal("na_enterprise_queue", assigned.FallbackQueue);
    }

    [Fact]
    public async Task Redis_flushed_mid_load_rebuilds_from_PostgreSQL_and_every_lead_is_assigned_once_within_capacity()
    {
        var team = "inbound_general"; // the default team catches leads no rule matches
        await UpsertRepAsync("svc-in-a", team, weight: 1, maxOpen: 15);
        await UpsertRepAsync("svc-in-b", team, weight: 2, maxOpen: 15);
        var ct = TestContext.Current.CancellationToken;

        var before = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
        foreach (var lead in before)
            await stack.Bus.Publish(Qualified(lead, country: "BR"), ct);
        await stack.WaitForAssignmentsAsync(before, DeliveryTimeout);

        // Loads and rotation standing vanish from Redis; routing must rebuild them from PostgreSQL, not start from zero.
        await stack.Redis.GetDatabase().ExecuteAsync("FLUSHALL");
        var after = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
        foreach (var lead in after)
            await stack.Bus.Publish(Qualified(lead, country: "BR"), ct);

        var leads = before.Concat(after).ToList();
        var received = await stack.WaitForAssignmentsAsync(leads, DeliveryTimeout);
        Assert.All(received.Values, events => Assert.Single(events));
        var byOwner = received.Values.Select(e => e[0]).GroupBy(e => e.OwnerRepId ?? "queue").ToDictionary(g => g.Key, g => g.Count());
        // 30 slots for 40 leads: both reps fill up exactly to capacity, never past it, and the rest wait in the queue.
        Assert.Equal(15, byOwner["svc-in-a"]);
        Assert.Equal(15, byOwner["svc-in-b"]);
        Assert.Equal(10, byOwner["queue"]);

        var rows = await stack.CallAsync<ListAssignmentsRequest, ListAssignmentsResponse>(
            "ListAssignments", new ListAssignmentsRequest { TeamId = team, Limit = 10_000 });
        var mine = rows.Assignments.Where(a => leads.Contains(Guid.Parse(a.LeadId))).ToList();
        Assert.Equal(leads.Count, mine.Count);
        Assert.Equal(leads.Count, mine.Select(a => a.LeadId).Distinct().Count());
    }

    [Fact]
    public async Task Bad_requests_get_field_violations()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => stack.CallAsync<UpsertRepRequest, RoutingRep>("UpsertRep", new UpsertRepRequest
        {
            Rep = new RoutingRep { Id = "", TeamId = "emea", Weight = 0, TimeZone = "Mars/Olympus", MaxOpenLeads = 1 },
        }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var fields = error.GetRpcStatus()!.Details.Select(d => d.Unpack<RevOps.Grpc.Rpc.BadRequest>())
            .SelectMany(b => b.FieldViolations).Select(v => v.Field).ToList();
        Assert.Equal(["rep.id", "rep.weight", "rep.time_zone"], fields);

        var unknownTeam = await Assert.ThrowsAsync<RpcException>(() => stack.CallAsync<UpsertRepRequest, RoutingRep>("UpsertRep", new UpsertRepRequest
        {
            Rep = new RoutingRep { Id = "svc-x", TeamId = "no_such_team", Weight = 1, TimeZone = "UTC", MaxOpenLeads = 1 },
        }));
        Assert.Equal(StatusCode.InvalidArgument, unknownTeam.StatusCode);

        var notFound = await Assert.ThrowsAsync<RpcException>(() => stack.CallAsync<ExplainAssignmentRequest, ExplainAssignmentResponse>(
            "ExplainAssignment", new ExplainAssignmentRequest { LeadId = Guid.NewGuid().ToString() }));
        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
    }

    private Task<RoutingRep> UpsertRepAsync(string id, string team, int weight, int maxOpen, bool active = true)
    {
        var rep = new RoutingRep { Id = id, TeamId = team, Weight = weight, TimeZone = "UTC", MaxOpenLeads = maxOpen, Active = active };
        // Every day, all day: these tests are about rules, capacity and Redis, not the clock.
        rep.WorkingHours.AddRange(Enumerable.Range(0, 7).Select(d => new WorkingPeriod { Day = d, Start = "00:00", End = "00:00" }));
        return stack.CallAsync<UpsertRepRequest, RoutingRep>("UpsertRep", new UpsertRepRequest { Rep = rep });
    }

    private static LeadQualified Qualified(Guid leadId, string? region = null, string? country = null, string? band = null) => new()
    {
        EventId = Guid.NewGuid(),
        OccurredAt = DateTimeOffset.UtcNow,
        ContractVersion = 1,
        LeadId = leadId,
        Score = 80,
        FitScore = 50,
        BehaviourScore = 30,
        IcpFit = true,
        Region = region,
        Country = country,
        CompanySizeBand = band,
        Source = "web_form",
    };
}
