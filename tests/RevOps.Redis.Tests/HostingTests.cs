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
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        Assert.Equal("PONG", (string?)await connection.GetDatabase().ExecuteAsync("PING"));
        Assert.Equal(HealthStatus.Healthy, health.Entries["redis"].Status);
    }

    [Fact]
    public void AddRedisClient_without_a_connection_string_names_the_missing_setting()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddRedisClient());

        Assert.Contains("ConnectionStrings__redis", error.Message, StringComparison.Ordinal);
    }
}
