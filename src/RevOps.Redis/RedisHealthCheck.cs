using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RevOps.Redis;

/// <summary>ASP.NET Core health check: unhealthy when disconnected, when PING fails, or when a registered script cannot load.</summary>
public sealed class RedisHealthCheck(RedisConnection connection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var report = await connection.CheckHealthAsync(cancellationToken);
        var data = new Dictionary<string, object>
        {
            ["connected"] = report.IsConnected,
            ["endpoint"] = connection.Options.ToString(),
        };
        if (report.PingLatency is { } latency)
        {
            data["pingMs"] = latency.TotalMilliseconds;
        }
        foreach (var failure in report.FailedScripts)
        {
            data[$"script:{failure.Sha1}"] = failure.Error;
        }
        if (report.IsHealthy)
        {
            return HealthCheckResult.Healthy($"Redis at {connection.Options} answers.", data);
        }
        string description = report.Error
            ?? $"{report.FailedScripts.Count} Redis script(s) fail to load: {string.Join("; ", report.FailedScripts.Select(f => f.Error))}";
        return new HealthCheckResult(context?.Registration.FailureStatus ?? HealthStatus.Unhealthy, description, data: data);
    }
}
