using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;
using Npgsql;
using RevOps.Contracts.Events;
using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.Sla.Data;
using RevOps.Sla.Domain;
using SlaClock = RevOps.Sla.Domain.SlaClock;

namespace RevOps.Sla.Tests.Service;

/// <summary>The SLA service end to end: real sladb and RabbitMQ, events in over the bus, clocks fired by the timer, gRPC out.</summary>
public sealed class SlaServiceTests(SlaInfrastructure infrastructure) : IClassFixture<SlaInfrastructure>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // Tuesday 1 December 2026, 09:00 in New York: the start of na_enterprise's working day.
    private static readonly DateTimeOffset TuesdayMorning = new(2026, 12, 1, 14, 0, 0, TimeSpan.Zero);

    private static readonly ServiceDescriptorMethods Sla = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_touch_in_time_meets_first_touch_and_an_unanswered_lead_breaches_escalates_and_can_be_annotated()
    {
        var time = new ShiftedTimeProvider(TuesdayMorning);
        await using var node = await SlaNode.StartAsync(infrastructure, time, Ct);
        using var channel = GrpcChannel.ForAddress(node.GrpcAddress);
        var grpc = channel.CreateCallInvoker();
        var leadId = Guid.NewGuid();
        var repId = $"rep-{leadId:N}";

        await infrastructure.Probe.PublishAsync(Assigned(leadId, repId, TuesdayMorning), Ct);
        var clocks = await Until(async () => await Clocks(grpc, leadId), c => c.Count == 3);
        var due = clocks.ToDictionary(c => c.ClauseId, c => c.DueAt.ToDateTimeOffset());
        Assert.Equal(TuesdayMorning.AddHours(4), due["first_touch"]);
        Assert.Equal(TuesdayMorning.AddHours(24), due["accept_or_reject"]);
        // Five 8-hour business days from Tuesday 09:00 end at the close of the next Monday, 17:00 in New York.
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 22, 0, 0, TimeSpan.Zero), due["three_touches"]);
        await Until(() => infrastructure.Probe.Started.Count(s => s.LeadId == leadId), n => n == 3);

        time.JumpTo(TuesdayMorning.AddHours(1));
        await infrastructure.Probe.PublishAsync(new LeadTouched
        {
            EventId = Guid.NewGuid(), OccurredAt = time.GetUtcNow(), ContractVersion = 1, LeadId = leadId, TouchId = Guid.NewGuid(),
            RepId = repId, Channel = "call",
        }, Ct);
        var met = await Until(() => infrastructure.Probe.Met.Where(m => m.LeadId == leadId).ToList(), m => m.Count == 1);
        Assert.Equal("first_touch", met[0].ClauseId);

        // A day later nobody has accepted or rejected the lead; first_touch was met, so it does not breach.
        time.JumpTo(TuesdayMorning.AddHours(24).AddSeconds(1));
        var breach = (await Until(() => infrastructure.Probe.Breaches.Where(b => b.LeadId == leadId).ToList(), b => b.Count == 1))[0];
        Assert.Equal(("accept_or_reject", repId, "na_enterprise", 1), (breach.ClauseId, breach.OwnerRepId, breach.TeamId, breach.BreachNumber));
        Assert.Equal(TuesdayMorning.AddHours(24), breach.DueAt);
        Assert.InRange(breach.Lateness, TimeSpan.Zero, TimeSpan.FromSeconds(5));

        var escalations = await Until(() => infrastructure.Probe.Escalations.Where(e => e.LeadId == leadId).ToList(), e => e.Count == 2);
        Assert.Equal([EscalationAction.NotifyManager, EscalationAction.Reassign], escalations.Select(e => e.Action).Order());
        Assert.All(escalations, e => Assert.Equal(("mgr_na_enterprise", breach.BreachId), (e.ManagerId, e.BreachId)));

        clocks = await Clocks(grpc, leadId);
        Assert.Equal(SlaClockState.Met, clocks.Single(c => c.ClauseId == "first_touch").State);
        Assert.Equal(SlaClockState.Breached, clocks.Single(c => c.ClauseId == "accept_or_reject").State);
        Assert.Equal(SlaClockState.Running, clocks.Single(c => c.ClauseId == "three_touches").State);

        var listed = await grpc.AsyncUnaryCall(Sla.ListBreaches, null, new CallOptions(CancellationToken: Ct),
            new ListBreachesRequest { OwnerRepId = repId, OnlyFlagged = true });
        Assert.Equal(breach.BreachId.ToString(), Assert.Single(listed.Breaches).BreachId);
        Assert.True(listed.Breaches[0].Flagged);

        var annotated = await grpc.AsyncUnaryCall(Sla.AnnotateBreach, null, new CallOptions(CancellationToken: Ct),
            new AnnotateBreachRequest { BreachId = breach.BreachId.ToString(), Reason = "rep on leave", AnnotatedBy = "mgr_na_enterprise" });
        Assert.Equal(("rep on leave", false), (annotated.Reason, annotated.Flagged));
        var annotation = (await Until(() => infrastructure.Probe.Annotations.Where(a => a.BreachId == breach.BreachId).ToList(), a => a.Count == 1))[0];
        Assert.Equal((leadId, "accept_or_reject", "rep on leave", "mgr_na_enterprise"), (annotation.LeadId, annotation.ClauseId, annotation.Reason, annotation.AnnotatedBy));
        listed = await grpc.AsyncUnaryCall(Sla.ListBreaches, null, new CallOptions(CancellationToken: Ct),
            new ListBreachesRequest { OwnerRepId = repId, OnlyFlagged = true });
        Assert.Empty(listed.Breaches);
    }

    [Fact]
    public async Task A_reassignment_stops_the_old_owners_clocks_keeps_them_as_history_and_only_the_new_owner_meets_the_new_ones()
    {
        var time = new ShiftedTimeProvider(TuesdayMorning);
        await using var node = await SlaNode.StartAsync(infrastructure, time, Ct);
        using var channel = GrpcChannel.ForAddress(node.GrpcAddress);
        var grpc = channel.CreateCallInvoker();
        var leadId = Guid.NewGuid();
        await infrastructure.Probe.PublishAsync(Assigned(leadId, "rep-before", TuesdayMorning), Ct);
        await Until(async () => await Clocks(grpc, leadId), c => c.Count == 3);

        var reassignedAt = TuesdayMorning.AddHours(2);
        time.JumpTo(reassignedAt);
        await infrastructure.Probe.PublishAsync(Assigned(leadId, "rep-after", reassignedAt) with
        {
            IsReassignment = true, PreviousOwnerRepId = "rep-before", Reason = "manual",
        }, Ct);
        var clocks = await Until(async () => await Clocks(grpc, leadId), c => c.Count == 6);
        Assert.All(clocks.Where(c => c.OwnerRepId == "rep-before"), c =>
            Assert.Equal((SlaClockState.Stopped, reassignedAt), (c.State, c.EndedAt.ToDateTimeOffset())));
        var current = clocks.Where(c => c.OwnerRepId == "rep-after").ToList();
        Assert.Equal(3, current.Count);
        Assert.All(current, c => Assert.Equal(SlaClockState.Running, c.State));
        // 11:00 in New York plus 4 business hours.
        Assert.Equal(reassignedAt.AddHours(4), current.Single(c => c.ClauseId == "first_touch").DueAt.ToDateTimeOffset());

        const string touchesHandled = "SELECT count(*) FROM inbox WHERE consumer = 'LeadTouchedConsumer'";
        var touchesBefore = await Scalar(touchesHandled);
        foreach (var rep in new[] { "rep-before", "rep-after" })
        {
            await infrastructure.Probe.PublishAsync(new LeadTouched
            {
                EventId = Guid.NewGuid(), OccurredAt = reassignedAt.AddMinutes(30), ContractVersion = 1, LeadId = leadId,
                TouchId = Guid.NewGuid(), RepId = rep, Channel = "email",
            }, Ct);
        }
        await Until(() => Scalar(touchesHandled), n => n == touchesBefore + 2);
        var met = await Until(() => infrastructure.Probe.Met.Where(m => m.LeadId == leadId).ToList(), m => m.Count >= 1);
        Assert.Equal(("first_touch", "rep-after"), (met.Single().ClauseId, met.Single().OwnerRepId));
        clocks = await Clocks(grpc, leadId);
        Assert.Equal(1, clocks.Single(c => c.OwnerRepId == "rep-after" && c.ClauseId == "three_touches").TouchCount);
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_the_field_and_why()
    {
        await using var node = await SlaNode.StartAsync(infrastructure, new ShiftedTimeProvider(TuesdayMorning), Ct);
        using var channel = GrpcChannel.ForAddress(node.GrpcAddress);
        var grpc = channel.CreateCallInvoker();

        var badLead = await Assert.ThrowsAsync<RpcException>(async () =>
            await grpc.AsyncUnaryCall(Sla.GetClocks, null, new CallOptions(CancellationToken: Ct), new GetClocksRequest { LeadId = "lead-7" }));
        Assert.Equal(StatusCode.InvalidArgument, badLead.StatusCode);
        Assert.Contains("lead_id", badLead.Status.Detail, StringComparison.Ordinal);

        var badList = await Assert.ThrowsAsync<RpcException>(async () =>
            await grpc.AsyncUnaryCall(Sla.ListBreaches, null, new CallOptions(CancellationToken: Ct), new ListBreachesRequest
            {
                Limit = 5000,
                From = Timestamp.FromDateTimeOffset(TuesdayMorning),
                To = Timestamp.FromDateTimeOffset(TuesdayMorning.AddDays(-1)),
            }));
        Assert.Equal(StatusCode.InvalidArgument, badList.StatusCode);
        Assert.Equal(["limit", "to"], badList.GetRpcStatus()!.Details.Select(d => d.Unpack<RevOps.Grpc.Rpc.BadRequest>())
            .SelectMany(b => b.FieldViolations).Select(v => v.Field));

        var blankReason = await Assert.ThrowsAsync<RpcException>(async () =>
            await grpc.AsyncUnaryCall(Sla.AnnotateBreach, null, new CallOptions(CancellationToken: Ct),
                new AnnotateBreachRequest { BreachId = Guid.NewGuid().ToString(), Reason = " ", AnnotatedBy = "mgr" }));
        Assert.Equal(StatusCode.InvalidArgument, blankReason.StatusCode);
        Assert.Contains("reason", blankReason.Status.Detail, StringComparison.Ordinal);

        var unknown = await Assert.ThrowsAsync<RpcException>(async () =>
            await grpc.AsyncUnaryCall(Sla.AnnotateBreach, null, new CallOptions(CancellationToken: Ct),
                new AnnotateBreachRequest { BreachId = Guid.NewGuid().ToString(), Reason = "late", AnnotatedBy = "mgr" }));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Two_replicas_sharing_sladb_fire_every_clock_exactly_once()
    {
        var time = new ShiftedTimeProvider(TuesdayMorning);
        var clocks = await ArmAsync(leads: 60, clocksPerLead: 3, due: TuesdayMorning.AddMinutes(1));

        await using var first = await SlaNode.StartAsync(infrastructure, time, Ct);
        await using var second = await SlaNode.StartAsync(infrastructure, time, Ct);
        time.JumpTo(TuesdayMorning.AddMinutes(1).AddSeconds(1));

        var ids = clocks.Select(c => c.Id).ToArray();
        await Until(() => Scalar("SELECT count(*) FROM clocks WHERE id = ANY($1) AND state = 'breached'", ids), n => n == ids.Length);
        Assert.Equal(ids.Length, await Scalar("SELECT count(*) FROM breaches WHERE clock_id = ANY($1)", ids));
        Assert.Equal(ids.Length, await Scalar("""
            SELECT count(*) FROM outbox WHERE message_type LIKE 'RevOps.Contracts.Events.SlaBreached,%' AND (body->>'clockId')::uuid = ANY($1)
            """, ids));
        // Each lead's three breaches are numbered 1, 2, 3 whichever replica fired them.
        Assert.Equal(0, await Scalar("""
            SELECT count(*) FROM (SELECT lead_id FROM breaches WHERE clock_id = ANY($1) GROUP BY lead_id
                                  HAVING array_agg(breach_number ORDER BY breach_number) <> ARRAY[1, 2, 3]) odd
            """, ids));
        var published = await Until(() => infrastructure.Probe.Breaches.Where(b => ids.Contains(b.ClockId)).Select(b => b.ClockId).ToList(),
            b => b.Count >= ids.Length);
        Assert.Equal(ids.Order(), published.Distinct().Order());
    }

    [Fact]
    public async Task Clocks_that_came_due_while_the_service_was_down_fire_once_after_restart()
    {
        var time = new ShiftedTimeProvider(TuesdayMorning);
        var leadId = Guid.NewGuid();
        var repId = $"rep-{leadId:N}";
        var before = await SlaNode.StartAsync(infrastructure, time, Ct);
        await infrastructure.Probe.PublishAsync(Assigned(leadId, repId, time.GetUtcNow()), Ct);
        await Until(() => Scalar("SELECT count(*) FROM clocks WHERE lead_id = $1", leadId), n => n == 3);
        await before.StopAsync(Ct);
        await before.DisposeAsync();
        // A replica killed while holding the clocks leaves its leases behind.
        var deadLeaseUntil = TuesdayMorning.AddDays(30).AddSeconds(20);
        await Execute("UPDATE clocks SET lease_owner = 'killed-replica', lease_until = $2 WHERE lead_id = $1", leadId, deadLeaseUntil.UtcDateTime);

        // Down for a month: every clause came due meanwhile.
        time.JumpTo(TuesdayMorning.AddDays(30));
        await using var after = await SlaNode.StartAsync(infrastructure, time, Ct);
        await using var alsoAfter = await SlaNode.StartAsync(infrastructure, time, Ct);
        // Nothing fires while the dead replica's lease holds...
        Assert.Equal(0, await Scalar("SELECT count(*) FROM breaches WHERE lead_id = $1", leadId));
        time.JumpTo(deadLeaseUntil.AddSeconds(1));

        // ...then each clock fires once.
        await Until(() => Scalar("SELECT count(*) FROM breaches WHERE lead_id = $1", leadId), n => n == 3);
        var breaches = await Until(() => infrastructure.Probe.Breaches.Where(b => b.LeadId == leadId).ToList(), b => b.Count >= 3);
        Assert.Equal(["accept_or_reject", "first_touch", "three_touches"], breaches.Select(b => b.ClauseId).Order());
        Assert.Equal([1, 2, 3], breaches.Select(b => b.BreachNumber).Order());
        Assert.All(breaches, b => Assert.True(b.Lateness > TimeSpan.FromDays(20), $"{b.ClauseId} fired {b.Lateness} late"));
        Assert.Equal(3, await Scalar("""
            SELECT count(*) FROM outbox WHERE message_type LIKE 'RevOps.Contracts.Events.SlaBreached,%' AND (body->>'leadId')::uuid = $1
            """, leadId));
        // Breach 1 (first_touch) notifies the manager; breach 2 is the unanswered lead: reassign; breach 3 has no step.
        var escalations = await Until(() => infrastructure.Probe.Escalations.Where(e => e.LeadId == leadId).ToList(), e => e.Count >= 2);
        Assert.Equal([("accept_or_reject", EscalationAction.Reassign), ("first_touch", EscalationAction.NotifyManager)],
            escalations.Select(e => (e.ClauseId, e.Action)).Order());
    }

    private static LeadAssigned Assigned(Guid leadId, string repId, DateTimeOffset at) => new()
    {
        EventId = Guid.NewGuid(),
        OccurredAt = at,
        ContractVersion = 1,
        LeadId = leadId,
        AssignmentId = Guid.NewGuid(),
        TeamId = "na_enterprise",
        OwnerRepId = repId,
        IsReassignment = false,
    };

    private async Task<List<SlaClock>> ArmAsync(int leads, int clocksPerLead, DateTimeOffset due)
    {
        var store = new ClockStore(infrastructure.DataSource);
        var clocks = Enumerable.Range(0, leads).SelectMany(_ =>
        {
            var leadId = Guid.NewGuid();
            var assignmentId = Guid.NewGuid();
            return Enumerable.Range(0, clocksPerLead).Select(i => new SlaClock
            {
                Id = Guid.NewGuid(), LeadId = leadId, AssignmentId = assignmentId, OwnerRepId = "rep-shared", TeamId = "na_enterprise",
                ClauseId = $"clause_{i}", Kind = ClockKind.FirstTouch, ContractVersion = 1, StartedAt = due.AddHours(-1),
                DueAt = due.AddMilliseconds(i * 10),
            });
        }).ToList();
        Assert.Equal(clocks.Count, (await store.ArmAsync(clocks, cancellationToken: Ct)).Count);
        return clocks;
    }

    private static async Task<IReadOnlyList<RevOps.Contracts.V1.SlaClock>> Clocks(CallInvoker grpc, Guid leadId) =>
        (await grpc.AsyncUnaryCall(Sla.GetClocks, null, new CallOptions(CancellationToken: Ct), new GetClocksRequest { LeadId = leadId.ToString() }))
        .Clocks;

    private async Task<long> Scalar(string sql, params object[] parameters)
    {
        await using var command = infrastructure.DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task Execute(string sql, params object[] parameters)
    {
        await using var command = infrastructure.DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static Task<T> Until<T>(Func<T> read, Func<T, bool> done) => Until(() => Task.FromResult(read()), done);

    /// <summary>Polls until <paramref name="done"/> holds, failing with the last value seen once patience runs out.</summary>
    private static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var value = await read();
            if (done(value))
                return value;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Still not there after {Patience}: last saw {value}");
            await Task.Delay(50, Ct);
        }
    }

    /// <summary>revops.v1.Sla's methods for the client.</summary>
    private sealed class ServiceDescriptorMethods
    {
        public Method<GetClocksRequest, GetClocksResponse> GetClocks { get; } =
            Method.Create<GetClocksRequest, GetClocksResponse>(SlaReflection.Descriptor.Services[0].Methods[0]);

        public Method<ListBreachesRequest, ListBreachesResponse> ListBreaches { get; } =
            Method.Create<ListBreachesRequest, ListBreachesResponse>(SlaReflection.Descriptor.Services[0].Methods[1]);

        public Method<AnnotateBreachRequest, SlaBreach> AnnotateBreach { get; } =
            Method.Create<AnnotateBreachRequest, SlaBreach>(SlaReflection.Descriptor.Services[0].Methods[2]);
    }
}
