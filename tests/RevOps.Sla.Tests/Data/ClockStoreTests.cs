using System.Globalization;
using System.Text.Json;
using Npgsql;
using RevOps.Contracts.Events;
using RevOps.Sla.Data;
using RevOps.Sla.Domain;

namespace RevOps.Sla.Tests.Data;

public sealed class ClockStoreTests(PostgresServer postgres)
{
    private static readonly BusinessCalendar NewYork = new("America/New_York",
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
        [new(new TimeOnly(9, 0), new TimeOnly(17, 0))]);

    private static readonly FollowUpClause[] Contract =
    [
        new("first_touch", ClockKind.FirstTouch, TimeSpan.FromHours(4), WindowBasis.BusinessTime),
        new("accept_or_reject", ClockKind.Disposition, TimeSpan.FromHours(24), WindowBasis.Elapsed),
        new("three_touches", ClockKind.MinTouches, TimeSpan.FromHours(40), WindowBasis.BusinessTime, 3),
    ];

    private static readonly DateTimeOffset Monday10 = At("2026-03-02T10:00:00-05:00");

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private static AssignmentOutcome Assign(Guid leadId, string? rep, DateTimeOffset at, IEnumerable<SlaClock>? existing = null, string team = "emea") =>
        ClockPolicy.Assign(new LeadAssignment(leadId, Guid.NewGuid(), rep, team, 7, at), Contract, NewYork, existing);

    private static SlaClock Clause(IEnumerable<SlaClock> clocks, string clauseId) => clocks.Single(c => c.ClauseId == clauseId);

    private async Task<ClockStore> NewStore() => new(await postgres.NewDatabaseAsync());

    [Fact]
    public async Task Armed_clocks_read_back_unchanged()
    {
        var store = await NewStore();
        var lead = Guid.NewGuid();
        var clocks = Assign(lead, "ana", Monday10).Started;

        var armed = await store.ArmAsync(clocks, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(clocks.OrderBy(c => c.ClauseId), armed.OrderBy(c => c.ClauseId));
        Assert.Equal(clocks.OrderBy(c => c.ClauseId), (await store.GetClocksAsync(lead, TestContext.Current.CancellationToken)).OrderBy(c => c.ClauseId));
    }

    [Fact]
    public async Task Arming_the_same_assignment_twice_arms_nothing_the_second_time()
    {
        var store = await NewStore();
        var lead = Guid.NewGuid();
        var assignment = new LeadAssignment(lead, Guid.NewGuid(), "ana", "emea", 7, Monday10);
        await store.ArmAsync(ClockPolicy.Assign(assignment, Contract, NewYork).Started, cancellationToken: TestContext.Current.CancellationToken);

        // A fresh policy run (new clock ids) for a redelivered LeadAssigned.
        var again = await store.ArmAsync(ClockPolicy.Assign(assignment, Contract, NewYork).Started, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Empty(again);
        Assert.Equal(3, (await store.GetClocksAsync(lead, TestContext.Current.CancellationToken)).Count);
    }

    [Fact]
    public async Task Arms_thousands_of_clocks_in_one_call()
    {
        var store = await NewStore();
        var clocks = Enumerable.Range(0, 1000).SelectMany(i => Assign(Guid.NewGuid(), $"rep{i % 50}", Monday10.AddMinutes(i)).Started).ToList();

        var armed = await store.ArmAsync(clocks, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(3_000, armed.Count);
        var claimed = await store.ClaimDueAsync("replica-a", Monday10, DateTimeOffset.MaxValue.AddDays(-1), Monday10.AddMinutes(1), 5_000,
            TestContext.Current.CancellationToken);
        Assert.Equal(3_000, claimed.Count);
    }

    [Fact]
    public async Task Claims_clocks_due_within_the_horizon_earliest_first_up_to_the_limit()
    {
        var store = await NewStore();
        var ct = TestContext.Current.CancellationToken;
        var clocks = new[] { 0, 10, 20, 30 }.SelectMany(m => Assign(Guid.NewGuid(), "ana", Monday10.AddMinutes(m)).Started).ToList();
        await store.ArmAsync(clocks, cancellationToken: ct);
        var firstTouches = clocks.Where(c => c.Kind == ClockKind.FirstTouch).OrderBy(c => c.DueAt).ToList();

        // first_touch clocks come due 14:00, 14:10, 14:20, 14:30; the horizon stops at 14:20.
        var claimed = await store.ClaimDueAsync("replica-a", Monday10, firstTouches[2].DueAt, Monday10.AddMinutes(5), limit: 2, ct);

        Assert.Equal(firstTouches.Take(2).Select(c => c.Id), claimed.Select(c => c.Id));
        var rest = await store.ClaimDueAsync("replica-a", Monday10, firstTouches[2].DueAt, Monday10.AddMinutes(5), limit: 10, ct);
        Assert.Equal([firstTouches[2].Id], rest.Select(c => c.Id));
    }

    [Fact]
    public async Task A_leased_clock_goes_to_another_replica_only_after_the_lease_ends()
    {
        var store = await NewStore();
        var ct = TestContext.Current.CancellationToken;
        var clock = Clause(Assign(Guid.NewGuid(), "ana", Monday10).Started, "first_touch");
        await store.ArmAsync([clock], cancellationToken: ct);
        var leaseEnds = clock.DueAt.AddSeconds(30);

        Assert.Single(await store.ClaimDueAsync("replica-a", clock.DueAt, clock.DueAt, leaseEnds, 10, ct));
        Assert.Empty(await store.ClaimDueAsync("replica-b", leaseEnds.AddTicks(-10), clock.DueAt, leaseEnds.AddMinutes(1), 10, ct));
        Assert.Single(await store.ClaimDueAsync("replica-b", leaseEnds, clock.DueAt, leaseEnds.AddMinutes(1), 10, ct));
    }

    [Fact]
    public async Task A_released_lease_can_be_claimed_at_once()
    {
        var store = await NewStore();
        var ct = TestContext.Current.CancellationToken;
        var clock = Clause(Assign(Guid.NewGuid(), "ana", Monday10).Started, "first_touch");
        await store.ArmAsync([clock], cancellationToken: ct);
        await store.ClaimDueAsync("replica-a", clock.DueAt, clock.DueAt, clock.DueAt.AddMinutes(1), 10, ct);

        Assert.Equal(1, await store.ReleaseAsync("replica-a", ct));

        Assert.Single(await store.ClaimDueAsync("replica-b", clock.DueAt, clock.DueAt, clock.DueAt.AddMinutes(1), 10, ct));
    }

    [Fact]
    public async Task Concurrent_replicas_claim_disjoint_clocks_that_together_cover_everything_due()
    {
        var store = await NewStore();
        var ct = TestContext.Current.CancellationToken;
        var clocks = Enumerable.Range(0, 400).SelectMany(i => Assign(Guid.NewGuid(), "ana", Monday10.AddSeconds(i)).Started).ToList();
        await store.ArmAsync(clocks, cancellationToken: ct);
        var horizon = At("2026-12-31T00:00:00Z");

        async Task<List<Guid>> Replica(string name)
        {
            var mine = new List<Guid>();
            while (true)
            {
                var batch = await store.ClaimDueAsync(name, Monday10, horizon, Monday10.AddHours(1), 25, ct);
                if (batch.Count == 0)
                    return mine;
                mine.AddRange(batch.Select(c => c.Id));
            }
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => Replica($"replica-{i}"), ct)));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(clocks.Select(c => c.Id).Order(), all.Order());
    }

    [Fact]
    public async Task Breaching_numbers_the_leads_breaches_and_fires_each_clock_once()
    {
        var store = await NewStore();
        var ct = TestContext.Current.CancellationToken;
        var lead = Guid.NewGuid();
        var clocks = Assign(lead, "ana", Monday10).Started;
        await store.ArmAsync(clocks, cancellationToken: ct);
        var firstTouch = Clause(clocks, "first_touch");
        var disposition = Clause(clocks, "accept_or_reject");

        var first = await store.BreachAsync(firstTouch.Id, firstTouch.DueAt.AddMilliseconds(250), cancellationToken: ct);
        var again = await store.BreachAsync(firstTouch.Id, firstTouch.DueAt.AddSeconds(5), cancellationToken: ct);
        var second = await store.BreachAsync(disposition.Id, disposition.DueAt, cancellationToken: ct);

        Assert.NotNull(first);
        Assert.Null(again);
        Assert.NotNull(second);
        Assert.Equal((ClockState.Breached, 1), (first.Clock.State, first.Breach.BreachNumber));
        Assert.Equal(TimeSpan.FromMilliseconds(250), first.Breach.Lateness);
        Assert.Equal(("ana", "emea", "first_touch", 7), (first.Breach.OwnerRepId, first.Breach.TeamId, first.Breach.ClauseId, first.Breach.ContractVersion));
        Assert.True(first.Breach.IsFlagged);
        Assert.Equal(2, second.Breach.BreachNumber);
        var stored = Clause(await store.GetClocksAsync(lead, ct), "first_touch");
        Assert.Equal((ClockState.Breached, firstTouch.DueAt.AddMilliseconds(250)), (stored.State, stored.BreachedAt));
    }

    [Fact]
    public async Task Replicas_racing_to_fire_the_same_clocks_fire_each_once()
    {
        var store = await NewStore();
        var ct = TestContext.Current.CancellationToken;
        var clocks = Enumerable.Range(0, 40).SelectMany(_ => Assign(Guid.NewGuid(), "ana", Monday10).Started).ToList();
        await store.ArmAsync(clocks, cancellationToken: ct);
        var firedAt = clocks.Max(c => c.DueAt);

        // Three replicas each try to fire every clock, in their own order and batch sizes, one by one or in batches.
        var fired = await Task.WhenAll(Enumerable.Range(0, 3).Select(replica => Task.Run(async () =>
        {
            var mine = new List<FiredClock>();
            var order = clocks.Select(c => c.Id).OrderBy(_ => Random.Shared.Next()).ToList();
            foreach (var batch in order.Chunk(replica + 1))
            {
                if (replica == 0 && await store.BreachAsync(batch[0], firedAt, cancellationToken: ct) is { } one)
                    mine.Add(one);
                else if (replica > 0)
                    mine.AddRange(await store.FireAsync(batch, firedAt, cancellationToken: ct));
            }
            return mine;
        }, ct)));

        var winners = fired.SelectMany(f => f).ToList();
        Assert.Equal(clocks.Select(c => c.Id).Order(), winners.Select(w => w.Clock.Id).Order());
        Assert.Equal(clocks.Count, (await store.ListBreachesAsync(new BreachQuery { Limit = 1000 }, ct)).Count);
        // Each lead's three breaches got the numbers 1, 2 and 3.
        Assert.All(winners.GroupBy(w => w.Breach.LeadId), g => Assert.Equal([1, 2, 3], g.Select(w => w.Breach.BreachNumber).Order()));
    }

    [Fact]
    public async Task Firing_a_batch_breaches_only_the_running_due_clocks_and_numbers_them_per_lead()
    {
        var store = await NewStore();
        var ct = TestContext.Current.CancellationToken;
        var lead = Guid.NewGuid();
        var clocks = Assign(lead, "ana", Monday10).Started;
        var other = Assign(Guid.NewGuid(), "ben", Monday10).Started;
        await store.ArmAsync([.. clocks, .. other], cancellationToken: ct);
        var earlier = Clause(clocks, "first_touch");
        Assert.NotNull(await store.BreachAsync(earlier.Id, earlier.DueAt, cancellationToken: ct));
        var firedAt = Clause(clocks, "accept_or_reject").DueAt.AddMinutes(1);

        // three_touches is not due yet, first_touch already fired; the other lead's first_touch is due.
        var fired = await store.FireAsync([.. clocks.Select(c => c.Id), Clause(other, "first_touch").Id, Guid.NewGuid()], firedAt, cancellationToken: ct);

        Assert.Equal(
            [(lead, "accept_or_reject", 2), (other[0].LeadId, "first_touch", 1)],
            fired.Select(f => (f.Breach.LeadId, f.Breach.ClauseId, f.Breach.BreachNumber)).OrderBy(t => t.ClauseId, StringComparer.Ordinal));
        Assert.All(fired, f => Assert.Equal(firedAt - f.Clock.DueAt, f.Breach.Lateness));
        Assert.Equal(ClockState.Running, Clause(await store.GetClocksAsync(lead, ct), "three_touches").State);
    }

    [Fact]
    public async Task Neither_a_met_clock_nor_one_not_yet_due_breaches()
    {
        var store = await NewStore();
        var ct = TestContext.Current.CancellationToken;
        var lead = Guid.NewGuid();
        var clocks = Assign(lead, "ana", Monday10).Started;
        await store.ArmAsync(clocks, cancellationToken: ct);
        var firstTouch = Clause(clocks, "first_touch");
        await store.SaveAsync(firstTouch.Meet(Monday10.AddHours(1)), cancellationToken: ct);

        Assert.Null(await store.BreachAsync(firstTouch.Id, firstTouch.DueAt, cancellationToken: ct));
        var disposition = Clause(clocks, "accept_or_reject");
        Assert.Null(await store.BreachAsync(disposition.Id, disposition.DueAt.AddSeconds(-1), cancellationToken: ct));
        Assert.Equal(ClockState.Running, Clause(await store.GetClocksAsync(lead, ct), "accept_or_reject").State);
    }

    [Fact]
    public async Task Activities_applied_under_the_lead_lock_meet_clocks_and_count_touches_exactly()
    {
        var dataSource = await postgres.NewDatabaseAsync();
        var store = new ClockStore(dataSource);
        var ct = TestContext.Current.CancellationToken;
        var lead = Guid.NewGuid();
        await store.ArmAsync(Assign(lead, "ana", Monday10).Started, cancellationToken: ct);

        // Three touches processed concurrently, as three consumers would.
        await Task.WhenAll(Enumerable.Range(1, 3).Select(i => Task.Run(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            var running = await store.LockRunningClocksAsync(lead, tx, ct);
            foreach (var changed in ClockPolicy.Apply(new LeadActivity(LeadActivityKind.Touched, lead, "ana", Monday10.AddMinutes(i)), running))
                Assert.True(await store.SaveAsync(changed, tx, ct));
            await tx.CommitAsync(ct);
        }, ct)));

        var clocks = await store.GetClocksAsync(lead, ct);
        Assert.Equal(ClockState.Met, Clause(clocks, "first_touch").State);
        var touches = Clause(clocks, "three_touches");
        Assert.Equal((ClockState.Met, 3), (touches.State, touches.TouchCount));
        Assert.Equal(ClockState.Running, Clause(clocks, "accept_or_reject").State);
    }

    [Fact]
    public async Task Saving_a_clock_that_already_ended_changes_nothing()
    {
        var store = await NewStore();
        var ct = TestContext.Current.CancellationToken;
        var clock = Clause(Assign(Guid.NewGuid(), "ana", Monday10).Started, "first_touch");
        await store.ArmAsync([clock], cancellationToken: ct);

        Assert.True(await store.SaveAsync(clock.Meet(Monday10.AddHours(1)), cancellationToken: ct));
        Assert.False(await store.SaveAsync(clock.Stop(Monday10.AddHours(2)), cancellationToken: ct));
        Assert.Equal(ClockState.Met, (await store.GetClocksAsync(clock.LeadId, ct)).Single().State);
    }

    [Fact]
    public async Task A_reassignment_stops_the_old_clocks_and_arms_new_ones_keeping_history()
    {
        var dataSource = await postgres.NewDatabaseAsync();
        var store = new ClockStore(dataSource);
        var ct = TestContext.Current.CancellationToken;
        var lead = Guid.NewGuid();
        await store.ArmAsync(Assign(lead, "ana", Monday10).Started, cancellationToken: ct);

        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            var outcome = Assign(lead, "ben", Monday10.AddDays(1), await store.LockRunningClocksAsync(lead, tx, ct));
            foreach (var stopped in outcome.Stopped)
                Assert.True(await store.SaveAsync(stopped, tx, ct));
            Assert.Equal(3, (await store.ArmAsync(outcome.Started, tx, ct)).Count);
            await tx.CommitAsync(ct);
        }

        var clocks = await store.GetClocksAsync(lead, ct);
        Assert.Equal(6, clocks.Count);
        Assert.All(clocks.Where(c => c.OwnerRepId == "ana"), c => Assert.Equal((ClockState.Stopped, Monday10.AddDays(1)), (c.State, c.StoppedAt)));
        Assert.All(clocks.Where(c => c.OwnerRepId == "ben"), c => Assert.Equal(ClockState.Running, c.State));
    }

    [Fact]
    public async Task Breaches_are_listed_by_owner_team_clause_time_and_missing_reason()
    {
        var store = await NewStore();
        var ct = TestContext.Current.CancellationToken;
        var anaClocks = Assign(Guid.NewGuid(), "ana", Monday10).Started;
        var benClocks = Assign(Guid.NewGuid(), "ben", Monday10.AddDays(1), team: "amer").Started;
        await store.ArmAsync([.. anaClocks, .. benClocks], cancellationToken: ct);
        var fired = new List<FiredClock>();
        foreach (var clock in anaClocks.Concat(benClocks).Where(c => c.Kind != ClockKind.MinTouches))
            fired.Add((await store.BreachAsync(clock.Id, clock.DueAt.AddSeconds(2), cancellationToken: ct))!);
        var anaFirstTouch = fired.Single(f => f.Breach.OwnerRepId == "ana" && f.Breach.ClauseId == "first_touch").Breach;

        var annotated = await store.AnnotateBreachAsync(anaFirstTouch.Id, "  rep was on leave ", "manager-1", Monday10.AddDays(2), ct);

        Assert.NotNull(annotated);
        Assert.Equal(("rep was on leave", "manager-1", false), (annotated.Reason, annotated.AnnotatedBy, annotated.IsFlagged));
        Assert.Equal(2, (await store.ListBreachesAsync(new BreachQuery { OwnerRepId = "ana" }, ct)).Count);
        Assert.Equal(["ben", "ben"], (await store.ListBreachesAsync(new BreachQuery { TeamId = "amer" }, ct)).Select(b => b.OwnerRepId));
        Assert.Equal(2, (await store.ListBreachesAsync(new BreachQuery { ClauseId = "first_touch" }, ct)).Count);
        Assert.Equal(3, (await store.ListBreachesAsync(new BreachQuery { OnlyFlagged = true }, ct)).Count);
        var tuesdayOnwards = await store.ListBreachesAsync(new BreachQuery { From = Monday10.AddDays(1).AddHours(1), To = Monday10.AddDays(30) }, ct);
        Assert.Equal(2, tuesdayOnwards.Count);
        // Newest first.
        Assert.True(tuesdayOnwards[0].BreachedAt >= tuesdayOnwards[1].BreachedAt);
        Assert.Null(await store.AnnotateBreachAsync(Guid.NewGuid(), "why", "manager-1", Monday10, ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.AnnotateBreachAsync(anaFirstTouch.Id, " ", "manager-1", Monday10, ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ListBreachesAsync(new BreachQuery { From = Monday10, To = Monday10.AddDays(-1) }, ct));
    }

    [Fact]
    public async Task An_annotation_commits_with_its_SlaBreachAnnotated_and_the_upgrade_writes_the_same_event_for_earlier_annotations()
    {
        var dataSource = await postgres.NewDatabaseAsync();
        var store = new ClockStore(dataSource);
        var ct = TestContext.Current.CancellationToken;
        var clock = Clause(Assign(Guid.NewGuid(), "ana", Monday10).Started, "first_touch");
        await store.ArmAsync([clock], cancellationToken: ct);
        var breach = (await store.BreachAsync(clock.Id, clock.DueAt, cancellationToken: ct))!.Breach;

        var annotated = (await store.AnnotateBreachAsync(breach.Id, " rep on leave ", "manager-1", Monday10.AddDays(2), ct))!;

        var published = Assert.Single(await AnnotationEvents(dataSource, ct));
        Assert.Equal(new SlaBreachAnnotated
        {
            EventId = published.EventId, OccurredAt = Monday10.AddDays(2), ContractVersion = clock.ContractVersion, BreachId = breach.Id,
            LeadId = clock.LeadId, ClauseId = "first_touch", Reason = "rep on leave", AnnotatedBy = "manager-1",
        }, published);
        Assert.Equal(annotated.AnnotatedAt, published.OccurredAt);

        // Migration 0004, run again as on an upgrade, writes the event of every annotated breach: the same event, in SQL.
        var backfill = typeof(ClockStore).Assembly.GetManifestResourceNames().Single(n => n.EndsWith("0004_breach_annotations_published.sql", StringComparison.Ordinal));
        using (var sql = new StreamReader(typeof(ClockStore).Assembly.GetManifestResourceStream(backfill)!))
        await using (var command = dataSource.CreateCommand(await sql.ReadToEndAsync(ct)))
            await command.ExecuteNonQueryAsync(ct);
        var events = await AnnotationEvents(dataSource, ct);
        Assert.Equal(2, events.Count);
        Assert.Equal(published, events[1] with { EventId = published.EventId });
        Assert.NotEqual(published.EventId, events[1].EventId);
    }

    private static async Task<List<SlaBreachAnnotated>> AnnotationEvents(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT body::text FROM outbox WHERE message_type = 'RevOps.Contracts.Events.SlaBreachAnnotated, RevOps.Contracts'
            AND (body->>'eventId')::uuid = message_id ORDER BY sequence
            """);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var events = new List<SlaBreachAnnotated>();
        while (await reader.ReadAsync(ct))
            events.Add(JsonSerializer.Deserialize<SlaBreachAnnotated>(reader.GetString(0), new JsonSerializerOptions(JsonSerializerDefaults.Web))!);
        return events;
    }

    [Fact]
    public async Task An_escalation_webhook_is_retried_with_backoff_until_delivered()
    {
        var store = await NewStore();
        var ct = TestContext.Current.CancellationToken;
        var clock = Clause(Assign(Guid.NewGuid(), "ana", Monday10).Started, "first_touch");
        await store.ArmAsync([clock], cancellationToken: ct);
        var breach = (await store.BreachAsync(clock.Id, clock.DueAt, cancellationToken: ct))!.Breach;
        var url = new Uri("http://127.0.0.1:9/escalations");
        var now = clock.DueAt;
        await store.EnqueueWebhookAsync(breach.Id, url, """{"lead":"x"}""", now, cancellationToken: ct);
        await store.EnqueueWebhookAsync(breach.Id, url, """{"lead":"x"}""", now, cancellationToken: ct);
        var policy = new WebhookRetryPolicy(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), 5);

        var first = Assert.Single(await store.ClaimWebhooksAsync(now, now.AddSeconds(30), 10, ct));
        Assert.Equal((breach.Id, url, 1), (first.BreachId, first.Url, first.Attempts));
        Assert.Contains("\"lead\"", first.PayloadJson, StringComparison.Ordinal);
        // Claimed: nobody else gets it while the attempt runs.
        Assert.Empty(await store.ClaimWebhooksAsync(now, now.AddSeconds(30), 10, ct));

        await store.MarkWebhookFailedAsync(first.Id, "connection refused", policy.NextAttemptAt(first.Attempts, now), ct);
        Assert.Empty(await store.ClaimWebhooksAsync(now.AddSeconds(4), now.AddSeconds(34), 10, ct));
        var second = Assert.Single(await store.ClaimWebhooksAsync(now.AddSeconds(5), now.AddSeconds(35), 10, ct));
        Assert.Equal(2, second.Attempts);

        await store.MarkWebhookDeliveredAsync(second.Id, now.AddSeconds(6), ct);
        Assert.Empty(await store.ClaimWebhooksAsync(now.AddDays(1), now.AddDays(2), 10, ct));
    }

    [Fact]
    public async Task A_webhook_whose_sender_went_silent_is_claimed_again()
    {
        var store = await NewStore();
        var ct = TestContext.Current.CancellationToken;
        var clock = Clause(Assign(Guid.NewGuid(), "ana", Monday10).Started, "first_touch");
        await store.ArmAsync([clock], cancellationToken: ct);
        var breach = (await store.BreachAsync(clock.Id, clock.DueAt, cancellationToken: ct))!.Breach;
        await store.EnqueueWebhookAsync(breach.Id, new Uri("https://hooks.example.test/sla"), "{}", clock.DueAt, cancellationToken: ct);
        await store.ClaimWebhooksAsync(clock.DueAt, clock.DueAt.AddSeconds(30), 10, ct);

        var retried = Assert.Single(await store.ClaimWebhooksAsync(clock.DueAt.AddSeconds(30), clock.DueAt.AddSeconds(60), 10, ct));

        Assert.Equal(2, retried.Attempts);
    }

    [Fact]
    public async Task A_webhook_given_up_on_is_never_claimed_again()
    {
        var store = await NewStore();
        var ct = TestContext.Current.CancellationToken;
        var clock = Clause(Assign(Guid.NewGuid(), "ana", Monday10).Started, "first_touch");
        await store.ArmAsync([clock], cancellationToken: ct);
        var breach = (await store.BreachAsync(clock.Id, clock.DueAt, cancellationToken: ct))!.Breach;
        await store.EnqueueWebhookAsync(breach.Id, new Uri("https://hooks.example.test/sla"), "{}", clock.DueAt, cancellationToken: ct);
        var delivery = Assert.Single(await store.ClaimWebhooksAsync(clock.DueAt, clock.DueAt.AddSeconds(30), 10, ct));

        await store.MarkWebhookFailedAsync(delivery.Id, "HTTP 410", nextAttemptAt: null, ct);

        Assert.Empty(await store.ClaimWebhooksAsync(clock.DueAt.AddYears(1), clock.DueAt.AddYears(2), 10, ct));
    }

    [Fact]
    public async Task Rejects_bad_input()
    {
        var store = await NewStore();
        var ct = TestContext.Current.CancellationToken;
        var clock = Clause(Assign(Guid.NewGuid(), "ana", Monday10).Started, "first_touch");

        await Assert.ThrowsAsync<ArgumentException>(() => store.ArmAsync([clock.Meet(Monday10)], cancellationToken: ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SaveAsync(clock.Breach(clock.DueAt), cancellationToken: ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ClaimDueAsync("a", Monday10, Monday10, Monday10, 10, ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ClaimDueAsync(" ", Monday10, Monday10, Monday10.AddMinutes(1), 10, ct));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            store.EnqueueWebhookAsync(Guid.NewGuid(), new Uri("ftp://example.test/x"), "{}", Monday10, cancellationToken: ct));
    }
}
