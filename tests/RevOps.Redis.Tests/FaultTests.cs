using System.Collections.Concurrent;
using System.Diagnostics;
using RevOps.Redis.Tests.Infrastructure;

namespace RevOps.Redis.Tests;

public class FaultTests(SharedRedisServer redis)
{
    [Fact]
    public async Task Server_killed_and_restarted_mid_load_gives_errors_or_right_answers_and_recovers_within_2s()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await RedisConnection.ConnectAsync($"{server.Endpoint},syncTimeout=1000");
        var db = connection.GetDatabase();
        using var stop = new CancellationTokenSource();
        var wrong = new ConcurrentBag<string>();
        var errors = new ConcurrentBag<Exception>();
        long successes = 0;

        var workers = Enumerable.Range(0, 32).Select(w => Task.Run(async () =>
        {
            for (long n = 0; !stop.IsCancellationRequested; n++)
            {
                var value = $"{w}:{n}";
                try
                {
                    var echoed = (string?)await db.ExecuteAsync("ECHO", value);
                    var count = await db.StringIncrementAsync($"worker:{w}:{n}");
                    if (echoed != value || count != 1)
                    {
                        wrong.Add($"sent {value}, got {echoed} / {count}");
                    }
                    Interlocked.Increment(ref successes);
                }
                catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
                {
                    errors.Add(ex);
                }
            }
        })).ToArray();

        await Poll.UntilAsync(() => Task.FromResult(Interlocked.Read(ref successes) > 2_000), TimeSpan.FromSeconds(10), "load to run");
        await server.KillAsync();
        await Poll.UntilAsync(() => Task.FromResult(!connection.IsConnected), TimeSpan.FromSeconds(5), "the client to notice the loss");
        await server.StartAgainAsync();
        var back = Stopwatch.StartNew();
        long before = Interlocked.Read(ref successes);
        await Poll.UntilAsync(() => Task.FromResult(Interlocked.Read(ref successes) > before), TimeSpan.FromSeconds(10), "a caller to succeed again");
        var recovery = back.Elapsed;
        await Poll.UntilAsync(() => Task.FromResult(Interlocked.Read(ref successes) > before + 1_000), TimeSpan.FromSeconds(10), "load to resume");
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.Empty(wrong);
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        Assert.True(recovery < TimeSpan.FromSeconds(2), $"serving again took {recovery.TotalMilliseconds} ms after the server returned");
    }

    [Fact]
    public async Task In_flight_commands_fail_at_once_when_the_connection_drops()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await RedisConnection.ConnectAsync($"{server.Endpoint},syncTimeout=30000");
        var db = connection.GetDatabase();
        await using var observer = await RedisConnection.ConnectAsync(server.Endpoint);
        var blocked = db.ExecuteAsync("BLPOP", ["never-filled", 0], TimeSpan.FromSeconds(30)).AsTask();
        // Asked on a second connection: on this one the question would queue behind the BLPOP.
        await Poll.UntilAsync(async () => ((string?)await observer.GetDatabase().ExecuteAsync("CLIENT", "LIST"))!.Contains("cmd=blpop", StringComparison.Ordinal),
            TimeSpan.FromSeconds(5), "BLPOP to block on the server");
        var clock = Stopwatch.StartNew();

        await server.KillAsync();

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => blocked);
        Assert.Equal(ConnectionFailureType.SocketClosed, error.FailureType);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed.TotalMilliseconds} ms");
        Assert.Contains("may or may not have run", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_issued_while_disconnected_wait_for_the_reconnect()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await RedisConnection.ConnectAsync($"{server.Endpoint},syncTimeout=5000");
        var db = connection.GetDatabase();
        await server.KillAsync();
        await Poll.UntilAsync(() => Task.FromResult(!connection.IsConnected), TimeSpan.FromSeconds(5), "the client to notice the loss");

        var parked = db.ExecuteAsync("ECHO", "parked").AsTask();
        await server.StartAgainAsync();

        Assert.Equal("parked", (string?)await parked);
    }

    [Fact]
    public async Task Commands_issued_while_disconnected_time_out_on_their_own_deadline()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await RedisConnection.ConnectAsync($"{server.Endpoint},syncTimeout=200");
        await server.KillAsync();
        await Poll.UntilAsync(() => Task.FromResult(!connection.IsConnected), TimeSpan.FromSeconds(5), "the client to notice the loss");

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RedisTimeoutException>(async () => await connection.GetDatabase().StringGetAsync("k"));

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(5));
        Assert.Contains("never sent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_late_reply_is_consumed_by_its_timed_out_command_not_handed_to_the_next()
    {
        await using var connection = await redis.ConnectAsync();
        var db = connection.GetDatabase();
        var list = $"late:{Guid.NewGuid():N}";

        // BLPOP holds the server for 0.5 s; the caller gives up after 100 ms.
        var slow = db.ExecuteAsync("BLPOP", [list, "0.5"], TimeSpan.FromMilliseconds(100)).AsTask();
        var next = db.ExecuteAsync("ECHO", "mine").AsTask();

        await Assert.ThrowsAsync<RedisTimeoutException>(() => slow);
        Assert.Equal("mine", (string?)await next);
        Assert.Equal("still in step", (string?)await db.ExecuteAsync("ECHO", "still in step"));
    }

    [Fact]
    public async Task Connecting_to_nothing_fails_clearly_or_keeps_retrying_when_asked()
    {
        await using var server = await RedisServer.StartAsync();
        var endpoint = server.Endpoint;
        await server.KillAsync();

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisConnection.ConnectAsync($"{endpoint},connectTimeout=500"));
        Assert.Equal(ConnectionFailureType.UnableToConnect, error.FailureType);

        await using var patient = await RedisConnection.ConnectAsync($"{endpoint},abortConnect=false,syncTimeout=5000");
        Assert.False(patient.IsConnected);
        Assert.False((await patient.CheckHealthAsync(TestContext.Current.CancellationToken)).IsHealthy);
        var parked = patient.GetDatabase().ExecuteAsync("ECHO", "eventually").AsTask();
        await server.StartAgainAsync();
        Assert.Equal("eventually", (string?)await parked);
        Assert.True((await patient.CheckHealthAsync(TestContext.Current.CancellationToken)).IsHealthy);
    }
}
