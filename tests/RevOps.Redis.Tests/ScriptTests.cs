using Microsoft.Extensions.Diagnostics.HealthChecks;
using RevOps.Redis.Tests.Infrastructure;

namespace RevOps.Redis.Tests;

public class ScriptTests(SharedRedisServer redis)
{
    private static readonly LuaScript AddAndRead = new("redis.call('INCRBY', KEYS[1], ARGV[1]); return redis.call('GET', KEYS[1])");

    [Fact]
    public async Task A_loaded_script_runs_by_sha()
    {
        await using var connection = await redis.ConnectAsync();
        var db = connection.GetDatabase();
        var key = $"script:{Guid.NewGuid():N}";

        var loaded = await connection.LoadScriptAsync(AddAndRead);

        Assert.Equal(AddAndRead.Sha1, loaded.Sha1);
        Assert.Equal(1L, (long)(await db.ExecuteAsync("SCRIPT", "EXISTS", loaded.Sha1))[0]);
        Assert.Equal("4", (string?)await loaded.EvaluateAsync(db, [key], [4]));
        Assert.Equal("7", (string?)await db.ScriptEvaluateAsync(loaded, [key], [3]));
    }

    [Fact]
    public async Task Noscript_after_script_flush_is_handled_transparently()
    {
        await using var connection = await redis.ConnectAsync();
        var db = connection.GetDatabase();
        var key = $"script:{Guid.NewGuid():N}";
        var script = new LuaScript($"return redis.call('INCRBY', KEYS[1], ARGV[1]) -- {Guid.NewGuid()}");
        await connection.LoadScriptAsync(script);
        Assert.Equal(1L, (long)await db.ScriptEvaluateAsync(script, [key], [1]));

        await db.ExecuteAsync("SCRIPT", "FLUSH");
        Assert.Equal(0L, (long)(await db.ExecuteAsync("SCRIPT", "EXISTS", script.Sha1))[0]);

        Assert.Equal(3L, (long)await db.ScriptEvaluateAsync(script, [key], [2]));
        // The fallback ran the script once (not twice) and left it cached for EVALSHA again.
        Assert.Equal(1L, (long)(await db.ExecuteAsync("SCRIPT", "EXISTS", script.Sha1))[0]);
        Assert.Equal("3", (string?)await db.StringGetAsync(key));
    }

    [Fact]
    public async Task A_script_error_reaches_the_caller_as_a_server_error()
    {
        await using var connection = await redis.ConnectAsync();

        var error = await Assert.ThrowsAsync<RedisServerException>(async () =>
            await connection.GetDatabase().ScriptEvaluateAsync(new LuaScript("return redis.error_reply('ROUTING no rep available')")));

        Assert.Equal("ROUTING no rep available", error.Message);
    }

    [Fact]
    public async Task Health_reports_a_script_that_cannot_load()
    {
        await using var connection = await redis.ConnectAsync();
        await connection.LoadScriptAsync(AddAndRead);
        Assert.True((await connection.CheckHealthAsync(TestContext.Current.CancellationToken)).IsHealthy);

        var broken = new LuaScript("return {{{ this is not lua");
        await Assert.ThrowsAsync<RedisServerException>(() => connection.LoadScriptAsync(broken));
        var report = await connection.CheckHealthAsync(TestContext.Current.CancellationToken);

        Assert.True(report.IsConnected);
        Assert.False(report.IsHealthy);
        var failure = Assert.Single(report.FailedScripts);
        Assert.Equal(broken.Sha1, failure.Sha1);
        Assert.Contains("Error compiling script", failure.Error, StringComparison.Ordinal);

        var healthCheck = new RedisHealthCheck(connection);
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("redis", healthCheck, HealthStatus.Unhealthy, null) };
        var check = await healthCheck.CheckHealthAsync(context, TestContext.Current.CancellationToken);
        Assert.Equal(HealthStatus.Unhealthy, check.Status);
        Assert.Contains("fail to load", check.Description, StringComparison.Ordinal);
    }
}
