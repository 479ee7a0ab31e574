namespace RevOps.Hosting;

public static class KnownResourceStates
{
    public const string NotStarted = "NotStarted";
    public const string Waiting = "Waiting";
    public const string Starting = "Starting";
    public const string Running = "Running";
    public const string Exited = "Exited";
    public const string Restarting = "Restarting";
    public const string Stopping = "Stopping";
    public const string Stopped = "Stopped";
    public const string FailedToStart = "FailedToStart";
}

public static class HealthStatus
{
    public const string Healthy = "Healthy";
    public const string Unhealthy = "Unhealthy";
}
