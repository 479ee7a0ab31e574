using RevOps.Redis.Tests.Infrastructure;

namespace RevOps.Redis.Tests;

public class AuthenticationTests : IAsyncLifetime
{
    private readonly string _password = Convert.ToHexString(Guid.NewGuid().ToByteArray());
    private readonly string _alicePassword = Convert.ToHexString(Guid.NewGuid().ToByteArray());
    private RedisServer _server = null!;

    public async ValueTask InitializeAsync() =>
        _server = await RedisServer.StartAsync(
            "--requirepass", _password,
            "--user", "alice", "on", $">{_alicePassword}", "~routing:*", "+@all",
            "--user", "reader", "on", $">{_alicePassword}", "~*", "-@all", "+get", "+hello", "+auth", "+ping");

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("resp2")]
    [InlineData("resp3")]
    public async Task The_default_user_authenticates_with_its_password(string protocol)
    {
        await using var connection = await RedisConnection.ConnectAsync($"{_server.Endpoint},password={_password},protocol={protocol}");

        Assert.Equal("PONG", (string?)await connection.GetDatabase().ExecuteAsync("PING"));
    }

    [Theory]
    [InlineData("resp2")]
    [InlineData("resp3")]
    public async Task An_acl_user_authenticates_and_is_held_to_its_rules(string protocol)
    {
        await using var connection = await RedisConnection.ConnectAsync($"{_server.Endpoint},user=alice,password={_alicePassword},protocol={protocol}");
        var db = connection.GetDatabase();

        Assert.Equal("alice", (string?)await db.ExecuteAsync("ACL", "WHOAMI"));
        Assert.True(await db.StringSetAsync("routing:x", "1"));
        var denied = await Assert.ThrowsAsync<RedisServerException>(async () => await db.StringSetAsync("billing:x", "1"));
        Assert.Equal("NOPERM", denied.ErrorCode);
    }

    [Theory]
    [InlineData("resp2")]
    [InlineData("resp3")]
    public async Task A_wrong_password_is_a_typed_error_not_a_retry_storm(string protocol)
    {
        var error = await Assert.ThrowsAsync<RedisConnectionException>(() =>
            RedisConnection.ConnectAsync($"{_server.Endpoint},password=wrong,protocol={protocol}"));

        Assert.Equal(ConnectionFailureType.AuthenticationFailure, error.FailureType);
        Assert.Contains("WRONGPASS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_password_is_a_typed_error()
    {
        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisConnection.ConnectAsync(_server.Endpoint));

        Assert.Equal(ConnectionFailureType.AuthenticationFailure, error.FailureType);
        Assert.Contains("NOAUTH", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_abort_connect_off_a_wrong_password_fails_callers_at_once()
    {
        await using var connection = await RedisConnection.ConnectAsync($"{_server.Endpoint},password=wrong,abortConnect=false,syncTimeout=10000");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RedisConnectionException>(async () => await connection.GetDatabase().ExecuteAsync("PING"));

        Assert.Equal(ConnectionFailureType.AuthenticationFailure, error.FailureType);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_user_denied_select_gets_a_typed_error()
    {
        var error = await Assert.ThrowsAsync<RedisConnectionException>(() =>
            RedisConnection.ConnectAsync($"{_server.Endpoint},user=reader,password={_alicePassword},defaultDatabase=2"));

        Assert.Equal(ConnectionFailureType.AuthenticationFailure, error.FailureType);
        Assert.Contains("NOPERM", error.Message, StringComparison.Ordinal);
    }
}
