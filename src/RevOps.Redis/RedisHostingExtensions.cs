using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RevOps.Redis;

public static class RedisHostingExtensions
{
    /// <summary>
    /// Registers one shared <see cref="RedisConnection"/> from <c>ConnectionStrings:{connectionName}</c> and its health check,
    /// like Aspire's AddRedisClient. As there, a server that is down at start-up does not fail the host: the client keeps retrying.
    /// </summary>
    public static IHostApplicationBuilder AddRedisClient(this IHostApplicationBuilder builder, string connectionName = "redis")
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{connectionName} is not configured (set ConnectionStrings__{connectionName}).");
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        builder.Services.AddSingleton(services => RedisConnection.ConnectInBackground(
            options, services.GetService<ILoggerFactory>()?.CreateLogger<RedisConnection>()));
        builder.Services.AddHealthChecks().AddRedis(connectionName);
        return builder;
    }
}
