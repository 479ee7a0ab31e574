namespace RevOps.Reporting.Data;

/// <summary>An in-process signal that the read models changed: watchers await <see cref="Next"/> and recompute when it completes.</summary>
public sealed class FactsChanged
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next change after this property was read.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Notify() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
