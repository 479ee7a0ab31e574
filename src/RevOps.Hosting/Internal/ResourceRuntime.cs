using Microsoft.Extensions.Logging;

namespace RevOps.Hosting.Internal;

/// <summary>The running side of one dashboard row: its state, health, process and log.</summary>
internal abstract class ResourceRuntime(string name, string type, HostContext host)
{
    protected static readonly IReadOnlyDictionary<string, string> NoEndpoints = new Dictionary<string, string>();

    private volatile string _state = KnownResourceStates.NotStarted;
    private volatile string? _health;
    private int? _pid;
    private int _restarts;

    public string Name { get; } = name;

    public string Type { get; } = type;

    public string? Error { get; protected set; }

    public LogTail Log { get; } = new(Path.Combine(host.LogDirectory, name + ".log"));

    /// <summary>Runtimes that must be healthy first (the model's WaitFor).</summary>
    public List<ResourceRuntime> Dependencies { get; } = [];

    /// <summary>Projects stop before the infrastructure they use.</summary>
    public virtual bool IsInfrastructure => true;

    protected HostContext Host { get; } = host;

    protected ILogger Logger { get; } = host.LoggerFactory.CreateLogger("RevOps.Hosting." + name);

    public virtual IReadOnlyDictionary<string, string> Endpoints => NoEndpoints;

    public string State => _state;

    public string? Health => _health;

    public int? Pid => _pid;

    public int Restarts => _restarts;

    public virtual ResourceSnapshot Snapshot() => new(Name, Type, _state, _health, Endpoints, _pid, _restarts);

    /// <summary>Launches the resource; returns once it runs (servers: once ready). Throws when it cannot start.</summary>
    public abstract Task StartAsync(CancellationToken ct);

    public abstract Task StopAsync();

    /// <summary>Kills the resource's process as a crash would; returns the killed pid.</summary>
    public virtual int Kill() => throw new InvalidOperationException($"Resource '{Name}' has no process of its own to kill.");

    public void MarkFailed(string error)
    {
        Error = error;
        Update(KnownResourceStates.FailedToStart, HealthStatus.Unhealthy, null);
    }

    protected void Update(string state, string? health, int? pid)
    {
        var changed = _state != state || _health != health || _pid != pid;
        _state = state;
        _health = health;
        _pid = pid;
        if (changed)
        {
            Host.NotifyChanged();
        }
    }

    protected void SetHealth(string? health) => Update(_state, health, _pid);

    protected void CountRestart()
    {
        Interlocked.Increment(ref _restarts);
        Host.NotifyChanged();
    }
}
