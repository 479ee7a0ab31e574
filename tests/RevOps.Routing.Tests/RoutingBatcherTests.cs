using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RevOps.Routing.Domain;
using RevOps.Routing.Tests.Infrastructure;
using static RevOps.Routing.Tests.TestReps;

namespace RevOps.Routing.Tests;

/// <summary>The batcher in front of a real router, PostgreSQL and redis-server.</summary>
public sealed class RoutingBatcherTests(RedisServer redis, PostgresServer postgres)
{
    private const int Held = 1, Poison = 666, Good = 2;
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private AssignmentStore Store => new(postgres.DataSource);

    [Fact]
    public async Task Leads_arriving_while_a_batch_is_in_flight_share_the_next_transaction()
    {
        var (team, rules) = await NewTeamAsync();
        await using var connection = await redis.ConnectAsync();
        var batcher = new RoutingBatcher(NewRouter(connection, rules), NullLogger<RoutingBatcher>.Instance);

        var held = await HoldEveryWorkerAsync(batcher, rules);
        var leads = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToArray();
        var waiting = leads.Select(lead => batcher.RouteAsync(Request(Good, lead))).ToArray();
        rules.Gate.Release(); // one worker goes on, and finds every waiting lead

        Assert.All(await Task.WhenAll(waiting), r => Assert.True(r!.Record.Recorded));
        rules.Gate.Release(RoutingBatcher.Workers - 1);
        Assert.All(await Task.WhenAll(held), Assert.NotNull);
        await using var xmin = postgres.DataSource.CreateCommand("SELECT count(DISTINCT xmin::text) FROM assignments WHERE lead_id = ANY($1)");
        xmin.Parameters.Add(new() { Value = leads });
        Assert.Equal(1L, await xmin.ExecuteScalarAsync(Cancel));
        Assert.Equal(20 + RoutingBatcher.Workers, (await Store.ListAssignmentsAsync(new AssignmentQuery { TeamId = team.Id }, Cancel)).Count);
    }

    [Fact]
    public async Task A_lead_that_fails_faults_alone_and_the_rest_of_its_batch_is_routed()
    {
        var (team, rules) = await NewTeamAsync();
        await using var connection = await redis.ConnectAsync();
        var log = new WarningLog();
        var batcher = new RoutingBatcher(NewRouter(connection, rules), log);

        var held = await HoldEveryWorkerAsync(batcher, rules);
        var leads = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToArray();
        var before = leads[..5].Select(lead => batcher.RouteAsync(Request(Good, lead))).ToArray();
        var poison = batcher.RouteAsync(Request(Poison));
        var after = leads[5..].Select(lead => batcher.RouteAsync(Request(Good, lead))).ToArray();
        rules.Gate.Release();

        Assert.Equal("poison", (await Assert.ThrowsAsync<InvalidOperationException>(() => poison)).Message);
        Assert.All(await Task.WhenAll(before.Concat(after)), r => Assert.True(r!.Record.Recorded));
        rules.Gate.Release(RoutingBatcher.Workers - 1);
        Assert.All(await Task.WhenAll(held), Assert.NotNull);
        Assert.Equal(["Routing a batch of 11 leads failed; routing each on its own"], log.Messages);
        var assignments = await Store.ListAssignmentsAsync(new AssignmentQuery { TeamId = team.Id }, Cancel);
        Assert.Equal(10 + RoutingBatcher.Workers, assignments.Count);
        var truth = await Store.LoadTeamStateAsync(team.Id, Monday, Cancel);
        Assert.Equal(10 + RoutingBatcher.Workers, truth.Loads[$"{team.Id}-a"].OpenLeads);
        Assert.Equal($"{10 + RoutingBatcher.Workers}", await connection.CommandAsync("HGET", RotationCache.Load(team.Id), $"{team.Id}-a")); // no slot leaked
    }

    /// <summary>One held lead per worker, each waited in before the next is sent, so every worker holds a batch of its own.</summary>
    private static async Task<Task<RouteResult?>[]> HoldEveryWorkerAsync(RoutingBatcher batcher, GatedRules rules)
    {
        var held = new Task<RouteResult?>[RoutingBatcher.Workers];
        for (var i = 0; i < held.Length; i++)
        {
            held[i] = batcher.RouteAsync(Request(Held));
            await rules.Entered.WaitAsync(Cancel);
        }
        return held;
    }

    private Router NewRouter(RespConnection connection, IRoutingRules rules) =>
        new(rules, new RotationCache(connection), Store, TestOutbox.Publisher(postgres.DataSource), new FixedTime(Monday), NullLogger<Router>.Instance);

    private static RoutingRequest Request(int contractVersion, Guid? lead = null) => new()
    {
        LeadId = lead ?? Guid.NewGuid(),
        ContractVersion = contractVersion,
        Lead = new LeadAttributes { Country = "DE", Score = 50 },
        Inbox = (Guid.NewGuid(), nameof(RoutingBatcherTests)),
    };

    private async Task<(Team Team, GatedRules Rules)> NewTeamAsync()
    {
        var team = new Team { Id = $"b{Guid.NewGuid():N}"[..12], FallbackQueue = "overflow" };
        await Store.UpsertTeamAsync(team, Cancel);
        await Store.UpsertRepAsync(Rep($"{team.Id}-a", team: team.Id), Cancel);
        return (team, new GatedRules(new RuleSet([], defaultTeamId: team.Id)));
    }

    /// <summary>
    /// Rules by contract version: <see cref="Held"/> signals <see cref="Entered"/> and waits for its turn through
    /// <see cref="Gate"/>, holding its batch (and so a batcher worker) in flight; <see cref="Poison"/> fails, as a lead routing
    /// cannot handle would.
    /// </summary>
    private sealed class GatedRules(RuleSet rules) : IRoutingRules
    {
        public SemaphoreSlim Entered { get; } = new(0);
        public SemaphoreSlim Gate { get; } = new(0);

        public int ActiveVersion => Good;

        public async ValueTask<RuleSet> RulesForAsync(int contractVersion, CancellationToken cancellationToken)
        {
            if (contractVersion == Held)
            {
                Entered.Release();
                await Gate.WaitAsync(cancellationToken);
            }
            return contractVersion == Poison ? throw new InvalidOperationException("poison") : rules;
        }
    }

    /// <summary>Keeps the warnings the batcher logs.</summary>
    private sealed class WarningLog : ILogger<RoutingBatcher>
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                lock (Messages)
                    Messages.Add(formatter(state, exception));
        }
    }
}
