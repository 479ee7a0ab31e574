using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using RevOps.Redis.Tests.Infrastructure;

namespace RevOps.Redis.Tests;

public class HostingTests(SharedRedisServer redis)
{
    [Fact]
    public async Task AddRedisClient_registers_the_connection_and_a_health_check_from_ConnectionStrings()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:redis"] = redis.Server.Endpoint });
        builder.AddRedisClient();
        using var host = builder.Build();

        var connection = host.Services.GetRequiredService<RedisConnection>();
        // The connection comes up in the background; a command waits for it.
        Assert.Equal("PONG", (string?)await connection.GetDatabase().ExecuteAsync("PING"));
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Healthy, health.Entries["redis"].Status);
    }

    [Fact(Timeout = 60_000)]
    public async Task Resolving_the_connection_does_not_wait_for_the_server()
    {
        // A server that accepts and never answers the handshake: a resolver that waited would hang for the connect timeout.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port},connectTimeout=600000",
        });
        builder.AddRedisClient();
        using var host = builder.Build();

        var connection = await Task.Run(() => host.Services.GetRequiredService<RedisConnection>(), TestContext.Current.CancellationToken);
        using var accepted = await silent.AcceptSocketAsync(TestContext.Current.CancellationToken);
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        Assert.False(connection.IsConnected);
        Assert.Equal(HealthStatus.Unhealthy, health.Entries["redis"].Status);
    }

    [Fact]
    public void AddRedisClient_without_a_connection_string_names_the_missing_setting()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddRedisClient());

        Assert.Contains("ConnectionStrings__redis", error.Message, StringComparison.Ordinal);
    }
}
