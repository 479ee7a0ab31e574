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

        var first = batcher.RouteAsync(Request(Held));
        await rules.Entered.Task.WaitAsync(Cancel); // the first batch holds the loop
        var leads = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToArray();
        var waiting = leads.Select(lead => batcher.RouteAsync(Request(Good, lead))).ToArray();
        rules.Release.SetResult();

        Assert.NotNull(await first);
        Assert.All(await Task.WhenAll(waiting), r => Assert.True(r!.Record.Recorded));
        await using var xmin = postgres.DataSource.CreateCommand("SELECT count(DISTINCT xmin::text) FROM assignments WHERE lead_id = ANY($1)");
        xmin.Parameters.Add(new() { Value = leads });
        Assert.Equal(1L, await xmin.ExecuteScalarAsync(Cancel));
        Assert.Equal(21, (await Store.ListAssignmentsAsync(new AssignmentQuery { TeamId = team.Id }, Cancel)).Count);
    }

    [Fact]
    public async Task A_lead_that_fails_faults_alone_and_the_rest_of_its_batch_is_routed()
    {
        var (team, rules) = await NewTeamAsync();
        await using var connection = await redis.ConnectAsync();
        var log = new WarningLog();
        var batcher = new RoutingBatcher(NewRouter(connection, rules), log);

        var first = batcher.RouteAsync(Request(Held));
        await rules.Entered.Task.WaitAsync(Cancel);
        var leads = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToArray();
        var before = leads[..5].Select(lead => batcher.RouteAsync(Request(Good, lead))).ToArray();
        var poison = batcher.RouteAsync(Request(Poison));
        var after = leads[5..].Select(lead => batcher.RouteAsync(Request(Good, lead))).ToArray();
        rules.Release.SetResult();

        Assert.NotNull(await first);
        Assert.Equal("poison", (await Assert.ThrowsAsync<InvalidOperationException>(() => poison)).Message);
        Assert.All(await Task.WhenAll(before.Concat(after)), r => Assert.True(r!.Record.Recorded));
        Assert.Equal(["Routing a batch of 11 leads failed; routing each on its own"], log.Messages);
        var assignments = await Store.ListAssignmentsAsync(new AssignmentQuery { TeamId = team.Id }, Cancel);
        Assert.Equal(11, assignments.Count);
        var truth = await Store.LoadTeamStateAsync(team.Id, Monday, Cancel);
        Assert.Equal("11", await connection.CommandAsync("HGET", RotationCache.Load(team.Id), $"{team.Id}-a")); // no slot leaked
        Assert.Equal(11, truth.Loads[$"{team.Id}-a"].OpenLeads);
    }

    private Router NewRouter(RespConnection connection, IRoutingRules rules) =>
        new(rules, new RotationCache(connection), Store, new FixedTime(Monday), NullLogger<Router>.Instance);

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
    /// Rules by contract version: <see cref="Held"/> waits for <see cref="Release"/>, holding its batch (and so the batcher) in
    /// flight; <see cref="Poison"/> fails, as a lead routing cannot handle would.
    /// </summary>
    private sealed class GatedRules(RuleSet rules) : IRoutingRules
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int ActiveVersion => Good;

        public async ValueTask<RuleSet> RulesForAsync(int contractVersion, CancellationToken cancellationToken)
        {
            if (contractVersion == Held)
            {
                Entered.TrySetResult();
                await Release.Task.WaitAsync(cancellationToken);
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
