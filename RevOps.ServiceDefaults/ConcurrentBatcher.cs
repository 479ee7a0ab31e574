using System.Threading.Channels;

namespace RevOps.ServiceDefaults;

/// <summary>
/// Gathers items handed in concurrently into batches for one handler: <c>workers</c> batches in flight at once, each taking up
/// to <c>maxBatch</c> of the items waiting when its worker frees up. While the batches in flight wait on their I/O the next
/// ones fill, so a lone item goes at once and a burst shares few batches. The handler completes each item of its batch; an
/// item it leaves open when it throws gets that exception.
/// </summary>
public sealed class ConcurrentBatcher<TItem, TResult>
{
    private readonly Channel<(TItem Item, TaskCompletionSource<TResult> Done)> _queue = Channel.CreateUnbounded<(TItem, TaskCompletionSource<TResult>)>();
    private readonly int _maxBatch;
    private readonly Func<IReadOnlyList<(TItem Item, TaskCompletionSource<TResult> Done)>, Task> _handle;

    public ConcurrentBatcher(int maxBatch, int workers, Func<IReadOnlyList<(TItem Item, TaskCompletionSource<TResult> Done)>, Task> handle)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        (_maxBatch, _handle) = (maxBatch, handle);
        for (var i = 0; i < workers; i++)
            _ = Task.Run(RunAsync);
    }

    /// <summary>Hands the item to whichever batch it joins; completes as that batch's handler completes it.</summary>
    public Task<TResult> Add(TItem item)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((item, done)))
            throw new InvalidOperationException("The batcher has stopped.");
        return done.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<(TItem Item, TaskCompletionSource<TResult> Done)>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var pending))
                batch.Add(pending);
            try
            {
                await _handle(batch);
            }
            catch (Exception e)
            {
                foreach (var (_, done) in batch)
                    done.TrySetException(e);
            }
            batch.Clear();
        }
    }
}
