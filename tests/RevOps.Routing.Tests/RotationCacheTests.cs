using RevOps.Routing.Domain;
using RevOps.Routing.Tests.Infrastructure;
using static RevOps.Routing.Tests.TestReps;

namespace RevOps.Routing.Tests;

public sealed class RotationCacheTests(RedisServer redis)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Choosing_before_the_state_was_rebuilt_reports_it_missing()
    {
        await using var connection = await redis.ConnectAsync();
        var team = NewTeam();

        var error = await Assert.ThrowsAsync<RoutingStateMissingException>(
            () => new RotationCache(connection).ChooseAsync(team.Id, [Rep("a", team: team.Id)], Now, Cancel));

        Assert.Equal(team.Id, error.TeamId);
    }

    [Fact]
    public async Task The_script_picks_exactly_what_the_reference_rotation_picks_including_joins_and_leaves()
    {
        await using var connection = await redis.ConnectAsync();
        var (team, cache) = await ReadyTeamAsync(connection);
        var reference = new FairRotation();
        var reps = new List<Rep> { Rep("a", 1, team: team.Id), Rep("b", 2, team: team.Id), Rep("c", 3, team: team.Id) };

        for (var i = 0; i < 1_500; i++)
        {
            if (i == 500)
                reps.Add(Rep("d", 2, team: team.Id));
            if (i == 1_000)
            {
                reps.RemoveAll(r => r.Id == "b");
                reference.Remove("b");
                await cache.ForgetRepAsync(team.Id, "b", Cancel);
            }
            var expected = reference.Choose([.. reps.Select(r => (r.Id, r.Weight))]);
            var outcome = await cache.ChooseAsync(team.Id, reps, Now, Cancel);
            Assert.Equal(expected, outcome.ChosenRepId);
        }

        Assert.Equal(reference.Credits.OrderBy(kv => kv.Key), (await cache.ChooseAsync(team.Id, [], Now, Cancel)).Standing.OrderBy(kv => kv.Key));
    }

    [Fact]
    public async Task Ten_thousand_leads_over_weights_1_2_3_land_within_one_percent_of_ideal_shares()
    {
        await using var connection = await redis.ConnectAsync();
        var (team, cache) = await ReadyTeamAsync(connection);
        var reps = new[] { Rep("a", 1, team: team.Id), Rep("b", 2, team: team.Id), Rep("c", 3, team: team.Id) };
        var counts = new Dictionary<string, int>();

        for (var i = 0; i < 10_000; i++)
        {
            var chosen = (await cache.ChooseAsync(team.Id, reps, Now, Cancel)).ChosenRepId!;
            counts[chosen] = counts.GetValueOrDefault(chosen) + 1;
        }

        Assert.InRange(counts["a"] / 10_000.0, 1 / 6.0 - 0.01, 1 / 6.0 + 0.01);
        Assert.InRange(counts["b"] / 10_000.0, 2 / 6.0 - 0.01, 2 / 6.0 + 0.01);
        Assert.InRange(counts["c"] / 10_000.0, 3 / 6.0 - 0.01, 3 / 6.0 + 0.01);
    }

    [Fact]
    public async Task Reps_at_capacity_are_skipped_with_their_counts_and_a_full_team_yields_nobody()
    {
        await using var connection = await redis.ConnectAsync();
        var (team, cache) = await ReadyTeamAsync(connection);
        var reps = new[] { Rep("a", maxOpen: 1, team: team.Id), Rep("b", maxOpen: 2, team: team.Id) };

        var chosen = new List<string?>();
        for (var i = 0; i < 3; i++)
            chosen.Add((await cache.ChooseAsync(team.Id, reps, Now, Cancel)).ChosenRepId);
        var full = await cache.ChooseAsync(team.Id, reps, Now, Cancel);

        Assert.Equal(1, chosen.Count(c => c == "a"));
        Assert.Equal(2, chosen.Count(c => c == "b"));
        Assert.Null(full.ChosenRepId);
        Assert.Equal(0, full.Sequence);
        Assert.Equal([("a", Verdict.AtCapacity, "open leads 1 of 1"), ("b", Verdict.AtCapacity, "open leads 2 of 2")],
            full.Verdicts.Select(v => (v.RepId, v.Verdict, v.Detail)));
    }

    [Fact]
    public async Task Daily_and_weekly_caps_count_in_the_reps_local_day_and_week()
    {
        await using var connection = await redis.ConnectAsync();
        var (team, cache) = await ReadyTeamAsync(connection);
        var daily = Rep("daily", team: team.Id, zone: "Asia/Tokyo") with { DailyCap = 2 };
        var weekly = Rep("weekly", team: team.Id) with { WeeklyCap = 3 };

        for (var i = 0; i < 2; i++)
            Assert.Equal("daily", (await cache.ChooseAsync(team.Id, [daily], Now, Cancel)).ChosenRepId);
        var capped = await cache.ChooseAsync(team.Id, [daily], Now, Cancel);
        // 15:00 UTC Monday is already Tuesday in Tokyo; 16:00 UTC on Tuesday is Wednesday there: a new local day.
        var nextLocalDay = await cache.ChooseAsync(team.Id, [daily], Now.AddDays(1).AddHours(1), Cancel);

        for (var i = 0; i < 3; i++)
            Assert.Equal("weekly", (await cache.ChooseAsync(team.Id, [weekly], Now.AddDays(i), Cancel)).ChosenRepId);
        var weekCapped = await cache.ChooseAsync(team.Id, [weekly], Now.AddDays(3), Cancel);
        var nextWeek = await cache.ChooseAsync(team.Id, [weekly], Now.AddDays(7), Cancel);

        Assert.Equal((Verdict.DailyCap, "assigned today 2 of 2"), (capped.Verdicts[0].Verdict, capped.Verdicts[0].Detail));
        Assert.Equal("daily", nextLocalDay.ChosenRepId);
        Assert.Equal(Verdict.WeeklyCap, weekCapped.Verdicts[0].Verdict);
        Assert.Equal("weekly", nextWeek.ChosenRepId);
    }

    [Fact]
    public async Task Releasing_a_lead_frees_the_slot_and_never_goes_below_zero()
    {
        await using var connection = await redis.ConnectAsync();
        var (team, cache) = await ReadyTeamAsync(connection);
        var rep = Rep("a", maxOpen: 1, team: team.Id);

        Assert.Equal("a", (await cache.ChooseAsync(team.Id, [rep], Now, Cancel)).ChosenRepId);
        Assert.Null((await cache.ChooseAsync(team.Id, [rep], Now, Cancel)).ChosenRepId);
        await cache.ReleaseAsync(team.Id, "a", Cancel);
        Assert.Equal("a", (await cache.ChooseAsync(team.Id, [rep], Now, Cancel)).ChosenRepId);
        await cache.ReleaseAsync(team.Id, "a", Cancel);
        await cache.ReleaseAsync(team.Id, "a", Cancel);

        Assert.Equal("0", await connection.CommandAsync("HGET", RotationCache.Load(team.Id), "a"));
    }

    [Fact]
    public async Task Many_concurrent_callers_on_separate_connections_never_exceed_capacity_or_share_a_slot()
    {
        var team = NewTeam();
        var reps = Enumerable.Range(1, 5).Select(i => Rep($"rep{i}", weight: i, maxOpen: 4 * i, team: team.Id)).ToArray();
        var capacity = reps.Sum(r => r.MaxOpenLeads);
        await using (var setup = await redis.ConnectAsync())
            await new RotationCache(setup).RestoreAsync(EmptyState(team), Now, Cancel);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            await using var connection = await redis.ConnectAsync();
            var cache = new RotationCache(connection);
            var mine = new List<string>();
            for (var i = 0; i < 40; i++)
                if ((await cache.ChooseAsync(team.Id, reps, Now, Cancel)).ChosenRepId is { } chosen)
                    mine.Add(chosen);
            return mine;
        }));

        var all = results.SelectMany(r => r).ToList();
        Assert.Equal(capacity, all.Count);
        foreach (var rep in reps)
            Assert.Equal(rep.MaxOpenLeads, all.Count(c => c == rep.Id));
        await using var check = await redis.ConnectAsync();
        var loads = (object?[])(await check.CommandAsync("HGETALL", RotationCache.Load(team.Id)))!;
        for (var i = 0; i < loads.Length; i += 2)
            Assert.Equal(reps.Single(r => r.Id == (string)loads[i]!).MaxOpenLeads.ToString(System.Globalization.CultureInfo.InvariantCulture), loads[i + 1]);
    }

    [Fact]
    public async Task After_a_flush_routing_waits_for_a_restore_and_then_carries_on_from_the_restored_state()
    {
        // A server of its own: FLUSHALL would wipe the state of tests running alongside on the shared one.
        await using var ownRedis = new RedisServer();
        await ownRedis.InitializeAsync();
        await using var connection = await ownRedis.ConnectAsync();
        var team = NewTeam();
        var cache = new RotationCache(connection);
        var reps = new[] { Rep("a", 1, maxOpen: 3, team: team.Id) with { DailyCap = 5 }, Rep("b", 1, maxOpen: 3, team: team.Id) };
        var standing = new Dictionary<string, long> { ["a"] = 400_000, ["b"] = -400_000 };
        var state = new TeamState(team, reps, new Dictionary<string, RepLoad> { ["a"] = new(2, 5, 5), ["b"] = new(1, 1, 1) }, 41, standing);

        await connection.CommandAsync("FLUSHALL");
        await Assert.ThrowsAsync<RoutingStateMissingException>(() => cache.ChooseAsync(team.Id, reps, Now, Cancel));
        Assert.True(await cache.RestoreAsync(state, Now, Cancel));
        Assert.False(await cache.RestoreAsync(state with { Sequence = 7 }, Now, Cancel));
        var outcome = await cache.ChooseAsync(team.Id, reps, Now, Cancel);

        // "a" stands further behind, but reached the daily cap restored from PostgreSQL; "b" has room for two more.
        Assert.Equal("b", outcome.ChosenRepId);
        Assert.Equal(Verdict.DailyCap, outcome.Verdicts[0].Verdict);
        Assert.Equal(42, outcome.Sequence);
        Assert.Equal(-400_000, outcome.Standing["b"]);
        Assert.Equal(400_000, outcome.Standing["a"]);
    }

    private static Team NewTeam() => new Team { Id = $"team-{Guid.NewGuid():N}", FallbackQueue = "inbound-queue" }.Validated();

    private static TeamState EmptyState(Team team) => new(team, [], new Dictionary<string, RepLoad>(), 0, new Dictionary<string, long>());

    private static async Task<(Team Team, RotationCache Cache)> ReadyTeamAsync(RespConnection connection)
    {
        var team = NewTeam();
        var cache = new RotationCache(connection);
        Assert.True(await cache.RestoreAsync(EmptyState(team), Now, Cancel));
        return (team, cache);
    }
}
