namespace RevOps.Redis;

/// <summary>What <see cref="RedisConnection.CheckHealthAsync"/> found.</summary>
public sealed record RedisHealthReport(bool IsConnected, TimeSpan? PingLatency, string? Error, IReadOnlyList<ScriptLoadFailure> FailedScripts)
{
    public bool IsHealthy => IsConnected && Error is null && FailedScripts.Count == 0;
}
