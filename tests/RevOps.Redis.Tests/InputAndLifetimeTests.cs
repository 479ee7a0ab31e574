using System.Security.Cryptography;
using RevOps.Redis.Tests.Infrastructure;

namespace RevOps.Redis.Tests;

public class InputAndLifetimeTests(SharedRedisServer redis)
{
    [Fact]
    public async Task Bad_input_gets_a_clear_exception()
    {
        await using var connection = await redis.ConnectAsync();
        var db = connection.GetDatabase();

        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => db.StringGetAsync("")).Message, StringComparison.Ordinal);
        Assert.Contains("null", Assert.Throws<ArgumentNullException>(() => db.StringGetAsync((string?)null)).Message, StringComparison.Ordinal);
        Assert.Contains("null", Assert.Throws<ArgumentNullException>(() => db.StringSetAsync("k", (string?)null)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => db.HashSetAsync("k", "f", RedisValue.Null));
        Assert.Throws<ArgumentOutOfRangeException>(() => db.StringSetAsync("k", "v", TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => db.ExecuteAsync(" "));
        Assert.Throws<ArgumentNullException>(() => db.ExecuteAsync("ECHO", [null!]));
        Assert.Throws<ArgumentException>(() => db.ExecuteAsync("ECHO", new object()));
        Assert.Throws<ArgumentException>(() => db.StringGetAsync(["ok", ""]));
        Assert.Throws<ArgumentNullException>(() => db.ExecuteAsync("GET", default(RedisKey)));
        Assert.Throws<ArgumentNullException>(() => db.ExecuteAsync("SET", "k", RedisValue.Null));
    }

    [Theory]
    [InlineData("SUBSCRIBE")]
    [InlineData("monitor")]
    [InlineData("SELECT")]
    public async Task Commands_that_would_hijack_the_shared_connection_are_refused(string command)
    {
        await using var connection = await redis.ConnectAsync();

        var error = Assert.Throws<NotSupportedException>(() => connection.GetDatabase().ExecuteAsync(command, "1"));

        Assert.Contains("shared connection", error.Message, StringComparison.Ordinal);
        Assert.Equal("PONG", (string?)await connection.GetDatabase().ExecuteAsync("PING"));
    }

    [Fact]
    public async Task A_closed_client_refuses_commands()
    {
        var connection = await redis.ConnectAsync();
        var db = connection.GetDatabase();
        await connection.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => db.StringGetAsync("k"));
        Assert.Throws<ObjectDisposedException>(() => db.ExecuteAsync("PING"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => connection.CheckHealthAsync(TestContext.Current.CancellationToken));
        Assert.False(connection.IsConnected);
    }

    [Fact]
    public async Task A_64_MiB_value_round_trips()
    {
        // Moving 128 MiB on a busy 2-core machine can outlast the default 5 s command timeout.
        await using var connection = await redis.ConnectAsync(",syncTimeout=60000");
        var db = connection.GetDatabase();
        var key = $"big:{Guid.NewGuid():N}";
        var value = RandomNumberGenerator.GetBytes(64 * 1024 * 1024);

        Assert.True(await db.StringSetAsync(key, value));
        var back = (byte[]?)await db.StringGetAsync(key);
        // Replies behind the big one must still line up.
        Assert.Equal("after", (string?)await db.ExecuteAsync("ECHO", "after"));
        await db.KeyDeleteAsync(key);

        Assert.NotNull(back);
        Assert.True(value.AsSpan().SequenceEqual(back), "64 MiB value came back different");
    }
}
