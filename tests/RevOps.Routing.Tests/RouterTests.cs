using Microsoft.Extensions.Logging.Abstractions;
using RevOps.Routing.Domain;
using RevOps.Routing.Tests.Infrastructure;
using static RevOps.Routing.Tests.TestReps;

namespace RevOps.Routing.Tests;

/// <summary>The whole routing decision against a real redis-server and a real PostgreSQL.</summary>
public sealed class RouterTests(RedisServer redis, PostgresServer postgres)
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private AssignmentStore Store => new(postgres.DataSource);

    [Fact]
    public async Task A_lead_goes_to_an_eligible_rep_and_the_audit_explains_every_other_candidate()
    {
        var team = await NewTeamAsync();
        var reps = new[]
        {
            Rep($"{team.Id}-a", team: team.Id),
            Rep($"{team.Id}-excluded", team: team.Id),
            Rep($"{team.Id}-full", maxOpen: 0, team: team.Id),
            Rep($"{team.Id}-tokyo", team: team.Id, zone: "Asia/Tokyo") with { WorkingHours = Weekdays(9, 17) },
            Rep($"{team.Id}-away", team: team.Id),
        };
        await SaveAsync(reps);
        await Store.SetOutOfOfficeAsync($"{team.Id}-away", [new UnavailabilityWindow(Monday.AddDays(-1), Monday.AddDays(1), "vacation")], Cancel);
        await using var connection = await redis.ConnectAsync();
        var router = NewRouter(connection, RulesFor(team, excluded: $"{team.Id}-excluded"));

        var result = (await router.RouteAsync(Request(), Cancel))!;

        Assert.Equal($"{team.Id}-a", result.Record.Event!.OwnerRepId);
        Assert.Equal("to-team", result.Record.Event.MatchedRuleId);
        var audit = Assert.Single(await Store.ExplainAsync(result.Decision.LeadId, Cancel));
        Assert.Equal(
            [Verdict.Chosen, Verdict.OutOfOffice, Verdict.Excluded, Verdict.AtCapacity, Verdict.Unavailable],
            audit.Candidates.Select(c => c.Verdict));
    }

    [Fact]
    public async Task When_everyone_is_busy_the_lead_goes_to_the_fallback_queue()
    {
        var team = await NewTeamAsync();
        await SaveAsync([Rep($"{team.Id}-a", maxOpen: 1, team: team.Id)]);
        await using var connection = await redis.ConnectAsync();
        var router = NewRouter(connection, RulesFor(team));

        var first = (await router.RouteAsync(Request(), Cancel))!;
        var second = (await router.RouteAsync(Request(), Cancel))!;

        Assert.Equal(($"{team.Id}-a", (string?)null), (first.Record.Event!.OwnerRepId, first.Record.Event.FallbackQueue));
        Assert.Equal(((string?)null, team.FallbackQueue), (second.Record.Event!.OwnerRepId, second.Record.Event.FallbackQueue));
        Assert.Equal(Verdict.AtCapacity, Assert.Single(second.Decision.Candidates).Verdict);
    }

    [Fact]
    public async Task Two_replicas_routing_concurrently_never_exceed_capacity_nor_assign_a_lead_twice()
    {
        var team = await NewTeamAsync();
        var reps = Enumerable.Range(1, 4).Select(i => Rep($"{team.Id}-{i}", weight: i, maxOpen: 5 * i, team: team.Id)).ToArray();
        await SaveAsync(reps);
        var leads = Enumerable.Range(0, 80).Select(_ => Guid.NewGuid()).ToArray();

        // Both replicas see every lead, as with a redelivery racing the first delivery.
        var replicas = await Task.WhenAll(Enumerable.Range(0, 2).Select(async replica =>
        {
            await using var connection = await redis.ConnectAsync();
            var router = NewRouter(connection, RulesFor(team));
            var order = replica == 0 ? leads : leads.Reverse();
            return await Task.WhenAll(order.Chunk(20).Select(async chunk =>
            {
                var recorded = new List<RouteResult>();
                foreach (var lead in chunk)
                    if (await router.RouteAsync(Request(lead), Cancel) is { Record.Recorded: true } result)
                        recorded.Add(result);
                return recorded;
            }));
        }));

        var assignments = await Store.ListAssignmentsAsync(new AssignmentQuery { TeamId = team.Id, Limit = 1000 }, Cancel);
        Assert.Equal(leads.Order(), assignments.Select(a => a.LeadId).Order());
        foreach (var rep in reps)
            Assert.Equal(rep.MaxOpenLeads, assignments.Count(a => a.RepId == rep.Id));
        Assert.Equal(leads.Length - reps.Sum(r => r.MaxOpenLeads), assignments.Count(a => a.FallbackQueue is not null));
        await AssertRedisLoadMatchesPostgresAsync(team);
    }

    [Fact]
    public async Task A_flush_mid_load_is_rebuilt_from_postgres_and_every_lead_is_assigned_once_within_capacity()
    {
        // A server of its own: FLUSHALL would wipe the state of tests running alongside on the shared one.
        await using var ownRedis = new RedisServer();
        await ownRedis.InitializeAsync();
        var team = await NewTeamAsync();
        var reps = new[] { Rep($"{team.Id}-a", 1, maxOpen: 4, team: team.Id), Rep($"{team.Id}-b", 3, maxOpen: 12, team: team.Id) };
        await SaveAsync(reps);
        await using var connection = await ownRedis.ConnectAsync();
        var router = NewRouter(connection, RulesFor(team));
        var leads = Enumerable.Range(0, 24).Select(_ => Guid.NewGuid()).ToArray();

        foreach (var lead in leads[..8])
            await router.RouteAsync(Request(lead), Cancel);
        await connection.CommandAsync("FLUSHALL");
        foreach (var lead in leads[8..])
            await router.RouteAsync(Request(lead), Cancel);

        var assignments = await Store.ListAssignmentsAsync(new AssignmentQuery { TeamId = team.Id, Limit = 1000 }, Cancel);
        Assert.Equal(leads.Order(), assignments.Select(a => a.LeadId).Order());
        Assert.Equal(4, assignments.Count(a => a.RepId == reps[0].Id));
        Assert.Equal(12, assignments.Count(a => a.RepId == reps[1].Id));
        await AssertRedisLoadMatchesPostgresAsync(team, connection);
    }

    [Fact]
    public async Task A_redis_restart_mid_load_is_rebuilt_from_postgres_and_fairness_carries_on()
    {
        await using var ownRedis = new RedisServer();
        await ownRedis.InitializeAsync();
        var team = await NewTeamAsync();
        var reps = new[] { Rep($"{team.Id}-a", 1, team: team.Id), Rep($"{team.Id}-b", 2, team: team.Id) };
        await SaveAsync(reps);
        var leads = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToArray();

        await using (var before = await ownRedis.ConnectAsync())
        {
            var router = NewRouter(before, RulesFor(team));
            foreach (var lead in leads[..13])
                await router.RouteAsync(Request(lead), Cancel);
        }
        await ownRedis.RestartAsync();
        await using (var after = await ownRedis.ConnectAsync())
        {
            var router = NewRouter(after, RulesFor(team));
            foreach (var lead in leads[13..])
                await router.RouteAsync(Request(lead), Cancel);
            await AssertRedisLoadMatchesPostgresAsync(team, after);
        }

        var assignments = await Store.ListAssignmentsAsync(new AssignmentQuery { TeamId = team.Id, Limit = 1000 }, Cancel);
        Assert.Equal(leads.Order(), assignments.Select(x => x.LeadId).Order());
        // The standing survived in PostgreSQL, so the 1:2 rotation is exact across the restart.
        Assert.Equal(10, assignments.Count(x => x.RepId == reps[0].Id));
        Assert.Equal(20, assignments.Count(x => x.RepId == reps[1].Id));
    }

    [Fact]
    public async Task Reassigning_moves_the_lead_to_another_rep_and_frees_the_previous_owners_slot()
    {
        var team = await NewTeamAsync();
        var reps = new[] { Rep($"{team.Id}-a", maxOpen: 1, team: team.Id), Rep($"{team.Id}-b", maxOpen: 1, team: team.Id) };
        await SaveAsync(reps);
        await using var connection = await redis.ConnectAsync();
        var router = NewRouter(connection, RulesFor(team));
        var lead = Guid.NewGuid();
        var first = (await router.RouteAsync(Request(lead), Cancel))!;
        var owner = first.Decision.ChosenRepId!;

        var moved = (await router.RouteAsync(Request(lead) with { IsReassignment = true, Reason = "escalated:first_touch" }, Cancel))!;

        Assert.NotEqual(owner, moved.Decision.ChosenRepId);
        Assert.Equal(owner, moved.Record.Event!.PreviousOwnerRepId);
        Assert.Contains(moved.Decision.Candidates, c => c.RepId == owner && c.Verdict == Verdict.Excluded);
        Assert.Equal("0", await connection.CommandAsync("HGET", RotationCache.Load(team.Id), owner));
        await AssertRedisLoadMatchesPostgresAsync(team);
    }

    [Fact]
    public async Task A_redelivered_lead_changes_nothing_and_a_disposition_frees_the_slot_once()
    {
        var team = await NewTeamAsync();
        await SaveAsync([Rep($"{team.Id}-a", maxOpen: 1, team: team.Id)]);
        await using var connection = await redis.ConnectAsync();
        var router = NewRouter(connection, RulesFor(team));
        var lead = Guid.NewGuid();

        Assert.NotNull(await router.RouteAsync(Request(lead), Cancel));
        Assert.Null(await router.RouteAsync(Request(lead), Cancel));
        Assert.True(await router.DispositionAsync(lead, "accepted", Monday, Cancel));
        Assert.False(await router.DispositionAsync(lead, "accepted", Monday, Cancel));

        Assert.Equal("0", await connection.CommandAsync("HGET", RotationCache.Load(team.Id), $"{team.Id}-a"));
        Assert.Equal($"{team.Id}-a", (await router.RouteAsync(Request(), Cancel))!.Decision.ChosenRepId);
    }

    [Fact]
    public async Task A_roster_change_written_by_another_replica_reaches_the_next_decision()
    {
        var team = await NewTeamAsync();
        var (a, b) = ($"{team.Id}-a", $"{team.Id}-b");
        await SaveAsync([Rep(a, team: team.Id), Rep(b, team: team.Id)]);
        await using var connection = await redis.ConnectAsync();
        var router = NewRouter(connection, RulesFor(team));
        Assert.Equal(2, (await router.RouteAsync(Request(), Cancel))!.Decision.Candidates.Count); // the roster is now in memory

        // Another replica's SetAvailability: only PostgreSQL knows, and this router must not route to b from its stale copy.
        await new AssignmentStore(postgres.DataSource).SetOutOfOfficeAsync(b, [new UnavailabilityWindow(Monday.AddHours(-1), Monday.AddDays(1), "sick")], Cancel);
        var after = new List<RouteResult>();
        for (var i = 0; i < 4; i++)
            after.Add((await router.RouteAsync(Request(), Cancel))!);

        Assert.All(after, r => Assert.Equal(a, r.Decision.ChosenRepId));
        Assert.All(after, r => Assert.Equal(Verdict.OutOfOffice, r.Decision.Candidates.Single(c => c.RepId == b).Verdict));
    }

    [Fact]
    public async Task The_inbox_row_commits_with_the_decision_so_a_second_delivery_changes_nothing()
    {
        var team = await NewTeamAsync();
        await SaveAsync([Rep($"{team.Id}-a", maxOpen: 5, team: team.Id)]);
        await using var connection = await redis.ConnectAsync();
        var router = NewRouter(connection, RulesFor(team));
        var lead = Guid.NewGuid();
        var (first, other) = (Guid.NewGuid(), Guid.NewGuid());

        Assert.NotNull(await router.RouteAsync(Request(lead) with { Inbox = (first, "RouterTests") }, Cancel));
        Assert.Null(await router.RouteAsync(Request(lead) with { Inbox = (first, "RouterTests") }, Cancel));
        Assert.Null(await router.RouteAsync(Request(lead) with { Inbox = (other, "RouterTests") }, Cancel));

        Assert.Single(await Store.ListAssignmentsAsync(new AssignmentQuery { TeamId = team.Id }, Cancel));
        await using var inbox = postgres.DataSource.CreateCommand("SELECT count(*) FROM inbox WHERE message_id = ANY($1) AND consumer = 'RouterTests'");
        inbox.Parameters.Add(new() { Value = new[] { first, other } });
        Assert.Equal(2L, await inbox.ExecuteScalarAsync(Cancel)); // the copy that found the lead assigned is consumed too
        Assert.Equal("1", await connection.CommandAsync("HGET", RotationCache.Load(team.Id), $"{team.Id}-a"));
    }

    [Fact]
    public async Task A_batch_commits_once_assigns_each_lead_once_even_when_it_holds_two_copies_and_stays_within_capacity()
    {
        var team = await NewTeamAsync();
        var reps = new[] { Rep($"{team.Id}-a", 1, maxOpen: 2, team: team.Id), Rep($"{team.Id}-b", 2, maxOpen: 3, team: team.Id) };
        await SaveAsync(reps);
        await using var connection = await redis.ConnectAsync();
        var router = NewRouter(connection, RulesFor(team));
        var (early, twice, redelivered) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        Assert.NotNull(await router.RouteAsync(Request(early) with { Inbox = (Guid.NewGuid(), "RouterTests") }, Cancel));
        var fresh = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid()).ToArray();
        var copy = Guid.NewGuid();

        // Two messages for one lead, one message twice, a lead assigned before, and more leads than the reps have room for.
        var batch = new List<RoutingRequest>
        {
            Request(twice) with { Inbox = (Guid.NewGuid(), "RouterTests") },
            Request(twice) with { Inbox = (Guid.NewGuid(), "RouterTests") },
            Request(redelivered) with { Inbox = (copy, "RouterTests") },
            Request(redelivered) with { Inbox = (copy, "RouterTests") },
            Request(early) with { Inbox = (Guid.NewGuid(), "RouterTests") },
        };
        batch.AddRange(fresh.Select(lead => Request(lead) with { Inbox = (Guid.NewGuid(), "RouterTests") }));
        var results = await router.RouteBatchAsync(batch, Cancel);

        Assert.Equal([true, false, true, false, false, true, true, true, true, true, true], results.Select(r => r is { Record.Recorded: true }));
        var assignments = await Store.ListAssignmentsAsync(new AssignmentQuery { TeamId = team.Id }, Cancel);
        Assert.Equal(new[] { early, twice, redelivered }.Concat(fresh).Order(), assignments.Select(a => a.LeadId).Order());
        Assert.Equal(2, assignments.Count(a => a.RepId == reps[0].Id));
        Assert.Equal(3, assignments.Count(a => a.RepId == reps[1].Id));
        Assert.Equal(9 - 5, assignments.Count(a => a.FallbackQueue is not null));
        // One transaction for the batch: every row it wrote carries the same xmin.
        await using var xmin = postgres.DataSource.CreateCommand("SELECT count(DISTINCT xmin::text) FROM assignments WHERE lead_id = ANY($1)");
        xmin.Parameters.Add(new() { Value = new[] { twice, redelivered }.Concat(fresh).ToArray() });
        Assert.Equal(1L, await xmin.ExecuteScalarAsync(Cancel));
        await using var inbox = postgres.DataSource.CreateCommand("SELECT count(*) FROM inbox WHERE message_id = ANY($1) AND consumer = 'RouterTests'");
        inbox.Parameters.Add(new() { Value = batch.Select(r => r.Inbox!.Value.MessageId).Distinct().ToArray() });
        Assert.Equal(10L, await inbox.ExecuteScalarAsync(Cancel)); // every distinct message is consumed, the copies too
        await AssertRedisLoadMatchesPostgresAsync(team);
    }

    [Fact]
    public async Task Preview_explains_the_decision_without_assigning_and_matches_the_next_real_route()
    {
        var team = await NewTeamAsync();
        await SaveAsync([Rep($"{team.Id}-a", 1, team: team.Id), Rep($"{team.Id}-b", 2, team: team.Id), Rep($"{team.Id}-c", maxOpen: 0, team: team.Id)]);
        await using var connection = await redis.ConnectAsync();
        var router = NewRouter(connection, RulesFor(team));
        for (var i = 0; i < 4; i++)
            await router.RouteAsync(Request(), Cancel);

        var preview = await router.PreviewAsync(new LeadAttributes { Country = "DE", Score = 50 }, Cancel);
        var assignedBefore = (await Store.ListAssignmentsAsync(new AssignmentQuery { TeamId = team.Id }, Cancel)).Count;
        var real = (await router.RouteAsync(Request(), Cancel))!;

        Assert.Equal(4, assignedBefore);
        Assert.Equal(real.Decision.ChosenRepId, preview.ChosenRepId);
        Assert.Equal(real.Decision.Candidates.Select(c => (c.RepId, c.Verdict)), preview.Candidates.Select(c => (c.RepId, c.Verdict)));
    }

    private Router NewRouter(RespConnection connection, RuleSet rules) =>
        new(new OneRuleSet(rules), new RotationCache(connection), Store, TestOutbox.Publisher(postgres.DataSource), new FixedTime(Monday), NullLogger<Router>.Instance);

    /// <summary>The same rules for every contract version, as version 2 (the requests' version) is active.</summary>
    private sealed class OneRuleSet(RuleSet rules) : IRoutingRules
    {
        public int ActiveVersion => 2;

        public ValueTask<RuleSet> RulesForAsync(int contractVersion, CancellationToken cancellationToken) => ValueTask.FromResult(rules);
    }

    private static RuleSet RulesFor(Team team, string? excluded = null) => new(
        [new RoutingRule { Id = "to-team", TeamId = team.Id, Countries = ["DE"], ExcludedRepIds = excluded is null ? null : [excluded] }],
        defaultTeamId: team.Id);

    private static RoutingRequest Request(Guid? lead = null) => new()
    {
        LeadId = lead ?? Guid.NewGuid(),
        ContractVersion = 2,
        Lead = new LeadAttributes { Country = "DE", Score = 50 },
    };

    private async Task<Team> NewTeamAsync()
    {
        var team = new Team { Id = $"t{Guid.NewGuid():N}"[..12], FallbackQueue = "overflow" };
        await Store.UpsertTeamAsync(team, Cancel);
        return team;
    }

    private async Task SaveAsync(IEnumerable<Rep> reps)
    {
        foreach (var rep in reps)
            await Store.UpsertRepAsync(rep, Cancel);
    }

    private async Task AssertRedisLoadMatchesPostgresAsync(Team team, RespConnection? connection = null)
    {
        var truth = await Store.LoadTeamStateAsync(team.Id, Monday, Cancel);
        await using var own = connection is null ? await redis.ConnectAsync() : null;
        connection ??= own!;
        foreach (var rep in truth.Reps)
            Assert.Equal(
                truth.Loads[rep.Id].OpenLeads.ToString(System.Globalization.CultureInfo.InvariantCulture),
                await connection.CommandAsync("HGET", RotationCache.Load(team.Id), rep.Id) ?? "0");
    }
}
