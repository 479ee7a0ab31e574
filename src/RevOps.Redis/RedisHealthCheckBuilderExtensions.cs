using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RevOps.Redis;

public static class RedisHealthCheckBuilderExtensions
{
    /// <summary>Adds <see cref="RedisHealthCheck"/> for the <see cref="RedisConnection"/> registered in DI.</summary>
    public static IHealthChecksBuilder AddRedis(this IHealthChecksBuilder builder, string name = "redis", IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(
            name,
            services => new RedisHealthCheck(services.GetRequiredService<RedisConnection>()),
            failureStatus: HealthStatus.Unhealthy,
            tags));
    }
}
