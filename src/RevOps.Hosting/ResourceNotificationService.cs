using RevOps.Hosting.Internal;

namespace RevOps.Hosting;

/// <summary>Waits for resources to reach a state, as Aspire's ResourceNotificationService does.</summary>
public sealed class ResourceNotificationService
{
    private readonly Func<IReadOnlyList<ResourceRuntime>> _runtimes;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();

    internal ResourceNotificationService(Func<IReadOnlyList<ResourceRuntime>> runtimes)
    {
        _runtimes = runtimes;
    }

    public IReadOnlyList<ResourceSnapshot> GetSnapshots() => _runtimes().Select(r => r.Snapshot()).ToArray();

    public ResourceSnapshot GetSnapshot(string name) => Find(name).Snapshot();

    /// <summary>Completes when the resource (or, for a replicated project, any replica) is healthy; throws if it failed to start.</summary>
    public async Task WaitForResourceHealthyAsync(string name, CancellationToken cancellationToken = default) =>
        await WaitForResourceAsync(name, s => s.Health == HealthStatus.Healthy, cancellationToken);

    public async Task<ResourceSnapshot> WaitForResourceAsync(
        string name, Func<ResourceSnapshot, bool> predicate, CancellationToken cancellationToken = default)
    {
        var runtime = Find(name);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }
            var snapshot = runtime.Snapshot();
            if (predicate(snapshot))
            {
                return snapshot;
            }
            if (snapshot.State == KnownResourceStates.FailedToStart)
            {
                throw new DistributedApplicationException($"Resource '{name}' failed to start: {runtime.Error}");
            }
            try
            {
                await changed.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Say where it stuck: a bare "task was canceled" from CI is not something anyone can act on.
                throw new TimeoutException(
                    $"Gave up waiting for resource '{name}': it is {snapshot.State}, health {snapshot.Health ?? "unknown"}. Its last log lines:"
                    + Environment.NewLine + string.Join(Environment.NewLine, runtime.Log.Snapshot(30)),
                    new OperationCanceledException(cancellationToken));
            }
        }
    }

    internal void NotifyChanged()
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        previous.TrySetResult();
    }

    private ResourceRuntime Find(string name) =>
        _runtimes().FirstOrDefault(r => r.Name == name)
        ?? throw new ArgumentException($"No resource named '{name}'. Known: {string.Join(", ", _runtimes().Select(r => r.Name))}.", nameof(name));
}
