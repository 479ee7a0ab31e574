[assembly: AssemblyFixture(typeof(RevOps.Redis.Tests.Infrastructure.SharedRedisServer))]

namespace RevOps.Redis.Tests.Infrastructure;

/// <summary>One redis-server for every test that does not kill, restart or reconfigure it.</summary>
public sealed class SharedRedisServer : IAsyncLifetime
{
    private RedisServer? _server;

    public RedisServer Server => _server ?? throw new InvalidOperationException("Server not started.");

    public Task<RedisConnection> ConnectAsync(string extraOptions = "") =>
        RedisConnection.ConnectAsync($"{Server.Endpoint}{extraOptions}");

    public async ValueTask InitializeAsync() => _server = await RedisServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
