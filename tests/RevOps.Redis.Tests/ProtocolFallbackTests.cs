using RevOps.Redis.Tests.Infrastructure;

namespace RevOps.Redis.Tests;

public class ProtocolFallbackTests
{
    [Fact]
    public async Task A_server_that_refuses_HELLO_is_spoken_to_in_RESP2_with_AUTH()
    {
        var password = Guid.NewGuid().ToString("N");
        await using var server = await RedisServer.StartAsync("--rename-command", "HELLO", "", "--requirepass", password);
        await using var connection = await RedisConnection.ConnectAsync($"{server.Endpoint},password={password},defaultDatabase=1");
        var db = connection.GetDatabase();

        Assert.Equal(RedisProtocol.Resp2, connection.Protocol);
        await db.HashSetAsync("h", "f", "v");
        Assert.Equal([new HashEntry("f", "v")], await db.HashGetAllAsync("h"));
        Assert.Equal(ResultType.Array, (await db.ExecuteAsync("HGETALL", "h")).Type);
    }
}
