using MassTransit;
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

        var preview = await stack.CallAsync<PreviewRequest, RevOps.Contracts.V1.RoutingDecision>(
            "Preview", new PreviewRequest { Lead = new LeadRoutingAttributes { Region = "emea", Score = 70 } });
        Assert.Equal(("emea", "emea", ""), (preview.TeamId, preview.RuleId, preview.FallbackQueue));
        Assert.Contains(preview.ChosenRepId, new[] { "svc-emea-a", "svc-emea-b" });
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
    public async Task Two_replicas_routing_a_burst_with_every_lead_sent_twice_fill_reps_exactly_to_capacity_and_assign_each_lead_once()
    {
        // na_enterprise: the fallback test's rep there has no capacity, and these reps end full, so neither test moves the other.
        var team = "na_enterprise";
        var capacity = new Dictionary<string, int> { ["svc-ent-a"] = 30, ["svc-ent-b"] = 40, ["svc-ent-c"] = 50 };
        foreach (var (rep, maxOpen) in capacity)
            await UpsertRepAsync(rep, team, weight: 1, maxOpen: maxOpen);
        var ct = TestContext.Current.CancellationToken;

        // Each lead twice (a redelivery, or an upstream retry) and all at once: the two copies race on different replicas.
        var leads = Enumerable.Range(0, 200).Select(_ => Guid.NewGuid()).ToList();
        var messages = leads.SelectMany(lead => new[] { (Lead: lead, MessageId: Guid.NewGuid()), (Lead: lead, MessageId: Guid.NewGuid()) }).ToList();
        await Task.WhenAll(messages.Select(m => stack.Bus.Publish(
            Qualified(m.Lead, country: "US", band: "enterprise"), context => context.MessageId = m.MessageId, ct)));

        // Once both copies of every lead are consumed, routing's outbox holds every LeadAssigned it will ever emit for them.
        await stack.WaitForConsumedAsync([.. messages.Select(m => m.MessageId)], DeliveryTimeout);
        Assert.Equal(leads.Count, await stack.LeadAssignedEmittedAsync(leads));
        var received = await stack.WaitForAssignmentsAsync(leads, DeliveryTimeout);
        Assert.All(received.Values, events => Assert.Single(events));
        var byOwner = received.Values.Select(e => e[0]).GroupBy(e => e.OwnerRepId ?? "queue").ToDictionary(g => g.Key, g => g.Count());
        foreach (var (rep, maxOpen) in capacity)
            Assert.Equal(maxOpen, byOwner[rep]);
        Assert.Equal(leads.Count - capacity.Values.Sum(), byOwner["queue"]);

        var rows = await stack.CallAsync<ListAssignmentsRequest, ListAssignmentsResponse>(
            "ListAssignments", new ListAssignmentsRequest { TeamId = team, Limit = 10_000 });
        var mine = rows.Assignments.Where(a => leads.Contains(Guid.Parse(a.LeadId))).ToList();
        Assert.Equal(leads.Count, mine.Select(a => a.LeadId).Distinct().Count());
        Assert.Equal(leads.Count, mine.Count);
    }

    [Fact]
    public async Task While_Redis_is_down_leads_wait_and_after_its_restart_each_is_assigned_exactly_once()
    {
        await UpsertRepAsync("svc-mm-a", "na_mid_market", weight: 1, maxOpen: 100);
        await UpsertRepAsync("svc-mm-b", "na_mid_market", weight: 1, maxOpen: 100);
        var ct = TestContext.Current.CancellationToken;

        await stack.StopRedisAsync();
        // The service sees the outage (its redis health check fails) before the leads arrive.
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        await PollAsync(async () => !(await http.GetAsync(new Uri(stack.RoutingHttp, "/health"), ct)).IsSuccessStatusCode);
        var leads = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToList();
        foreach (var lead in leads)
            await stack.Bus.Publish(Qualified(lead, country: "CA", band: "mid_market"), ct);
        await stack.StartRedisAsync();

        var received = await stack.WaitForAssignmentsAsync(leads, DeliveryTimeout);
        Assert.All(received.Values, events => Assert.Equal("na_mid_market", Assert.Single(events).TeamId));
        Assert.All(received.Values, events => Assert.NotNull(events[0].OwnerRepId));
        var rows = await stack.CallAsync<ListAssignmentsRequest, ListAssignmentsResponse>(
            "ListAssignments", new ListAssignmentsRequest { TeamId = "na_mid_market", Limit = 10_000 });
        Assert.Equal(leads.Count, rows.Assignments.Count(a => leads.Contains(Guid.Parse(a.LeadId))));
    }

    [Fact]
    public async Task Accepted_closes_the_assignment_and_an_escalation_reassigns_away_from_the_owner()
    {
        // The same two EMEA reps as the first test: every test may run first, and na_enterprise must stay full for the fallback one.
        await UpsertRepAsync("svc-emea-a", "emea", weight: 1, maxOpen: 50);
        await UpsertRepAsync("svc-emea-b", "emea", weight: 1, maxOpen: 50);
        var ct = TestContext.Current.CancellationToken;
        Guid accepted = Guid.NewGuid(), escalated = Guid.NewGuid();
        await stack.Bus.Publish(Qualified(accepted, region: "EMEA"), ct);
        await stack.Bus.Publish(Qualified(escalated, region: "EMEA"), ct);
        var first = await stack.WaitForAssignmentsAsync([accepted, escalated], DeliveryTimeout);

        var owner = first[accepted][0].OwnerRepId!;
        await stack.Bus.Publish(new LeadAccepted
        {
            EventId = Guid.NewGuid(), OccurredAt = DateTimeOffset.UtcNow, ContractVersion = 1, LeadId = accepted, RepId = owner,
        }, ct);
        await PollAsync(async () => (await stack.CallAsync<ListAssignmentsRequest, ListAssignmentsResponse>(
            "ListAssignments", new ListAssignmentsRequest { RepId = owner, Limit = 10_000 }))
            .Assignments.Any(a => a.LeadId == accepted.ToString() && a.CloseReason == "accepted"));

        var previous = first[escalated][0].OwnerRepId!;
        await stack.Bus.Publish(new LeadEscalated
        {
            EventId = Guid.NewGuid(), OccurredAt = DateTimeOffset.UtcNow, ContractVersion = 1, LeadId = escalated,
            Action = EscalationAction.Reassign, ClauseId = "first_touch", OwnerRepId = previous, TeamId = "emea", Reason = "second breach",
        }, ct);
        var again = (await stack.WaitForAssignmentsAsync([escalated], DeliveryTimeout, each: 2))[escalated];
        var reassigned = again[1];
        Assert.True(reassigned.IsReassignment);
        Assert.Equal(previous, reassigned.PreviousOwnerRepId);
        Assert.NotEqual(previous, reassigned.OwnerRepId);
        Assert.Equal("escalated:first_touch", reassigned.Reason);
    }

    [Fact]
    public async Task A_poison_message_lands_in_the_error_queue_and_the_consumer_keeps_routing()
    {
        await UpsertRepAsync("svc-emea-a", "emea", weight: 1, maxOpen: 50);
        var ct = TestContext.Current.CancellationToken;
        var factory = new RabbitMQ.Client.ConnectionFactory { Uri = stack.Broker };
        await using var connection = await factory.CreateConnectionAsync(ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        var poisonId = Guid.NewGuid().ToString();
        await channel.BasicPublishAsync("", "lead-qualified", mandatory: false,
            new RabbitMQ.Client.BasicProperties { ContentType = "application/vnd.masstransit+json", MessageId = poisonId },
            "{ this is not a message"u8.ToArray(), ct);

        var good = Guid.NewGuid();
        await stack.Bus.Publish(Qualified(good, region: "EMEA"), ct);
        Assert.Single((await stack.WaitForAssignmentsAsync([good], DeliveryTimeout))[good]);

        var poisoned = false;
        await PollAsync(async () =>
        {
            // A fresh channel per look: asking for the error queue before MassTransit declared it closes the channel.
            await using var look = await connection.CreateChannelAsync(cancellationToken: ct);
            try
            {
                var got = await look.BasicGetAsync("lead-qualified_error", autoAck: true, ct);
                poisoned |= got?.BasicProperties.MessageId == poisonId;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                // not declared yet
            }
            return poisoned;
        });
    }

    [Fact]
    public async Task SetAvailability_with_an_out_of_office_window_shows_in_the_preview_audit()
    {
        await UpsertRepAsync("svc-mm-ooo", "na_mid_market", weight: 1, maxOpen: 100);
        var now = DateTimeOffset.UtcNow;
        var request = new SetAvailabilityRequest { RepId = "svc-mm-ooo", Active = true };
        request.WorkingHours.AddRange(Enumerable.Range(0, 7).Select(d => new WorkingPeriod { Day = d, Start = "00:00", End = "00:00" }));
        request.OutOfOffice.Add(new OutOfOfficeWindow
        {
            StartsAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(now.AddHours(-1)),
            EndsAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(now.AddHours(1)),
            Reason = "conference",
        });
        var rep = await stack.CallAsync<SetAvailabilityRequest, RoutingRep>("SetAvailability", request);
        Assert.Single(rep.OutOfOffice);

        var preview = await stack.CallAsync<PreviewRequest, RevOps.Contracts.V1.RoutingDecision>(
            "Preview", new PreviewRequest { Lead = new LeadRoutingAttributes { Country = "CA", CompanySizeBand = "mid_market", Score = 70 } });
        Assert.Equal(("na_mid_market", "na_mid_market"), (preview.TeamId, preview.RuleId));
        Assert.Equal("out_of_office", Assert.Single(preview.Candidates, c => c.RepId == "svc-mm-ooo").Verdict);
        Assert.NotEqual("svc-mm-ooo", preview.ChosenRepId);

        var missing = await Assert.ThrowsAsync<RpcException>(() => stack.CallAsync<SetAvailabilityRequest, RoutingRep>(
            "SetAvailability", new SetAvailabilityRequest { RepId = "svc-nobody" }));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
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

    private static async Task PollAsync(Func<Task<bool>> condition)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(DeliveryTimeout);
        while (!await condition())
            await Task.Delay(50, deadline.Token);
    }

    private Task<RoutingRep> UpsertRepAsync(string id, string team, int weight, int maxOpen, bool active = true)
    {
        var rep = new RoutingRep { Id = id, TeamId = team, Weight = weight, TimeZone = "UTC", MaxOpenLeads = maxOpen, Active = active };
        // Every day, all day: these tests are about rules, capacity and Redis, not the clock.
        rep.WorkingHours.AddRange(Enumerable.Range(0, 7).Select(d => new WorkingPeriod { Day = d, Start = "00:00", End = "00:00" }));
        return stack.CallAsync<UpsertRepRequest, RoutingRep>("UpsertRep", new UpsertRepRequest { Rep = rep });
    }

    internal static LeadQualified Qualified(Guid leadId, string? region = null, string? country = null, string? band = null) => new()
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
