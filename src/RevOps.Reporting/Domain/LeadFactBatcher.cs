using System.Threading.Channels;

namespace RevOps.Reporting.Domain;

/// <summary>
/// Gathers the messages consumed concurrently, of every event type, into batches for <see cref="LeadFactStore.ApplyAsync"/>:
/// while a batch is written the next fills, so a lone event goes at once and a backlog shares few transactions. Each message
/// completes when its batch commits (so it is acknowledged after the commit); a failing message faults alone
/// (<see cref="LeadFactStore.ApplyEachAsync"/>), to be retried and then kept by the _error queue, while the rest of its batch commits.
/// </summary>
public sealed class LeadFactBatcher
{
    /// <summary>Most messages in one transaction.</summary>
    public const int MaxBatch = 500;

    /// <summary>Batches in flight at once, each in its own transaction: one fills (and merges in C#) while one is written.</summary>
    public const int Workers = 2;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();
    private readonly LeadFactStore _store;

    public LeadFactBatcher(LeadFactStore store)
    {
        _store = store;
        for (var i = 0; i < Workers; i++)
            _ = Task.Run(RunAsync);
    }

    /// <summary>Applies the message with whichever batch it joins; completes when that batch commits.</summary>
    public Task ApplyAsync(InboxMessage message)
    {
        var pending = new Pending(message, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
            throw new InvalidOperationException("The lead fact batcher has stopped.");
        return pending.Done.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
                batch.Add(pending);
            await ApplyAsync(batch);
            batch.Clear();
        }
    }

    private async Task ApplyAsync(List<Pending> batch)
    {
        // The messages' own cancellation does not reach the batch: it commits for all of them or is split.
        var failures = await _store.ApplyEachAsync([.. batch.Select(p => p.Message)], CancellationToken.None);
        for (var i = 0; i < batch.Count; i++)
        {
            if (failures[i] is { } failure)
                batch[i].Done.TrySetException(failure);
            else
                batch[i].Done.TrySetResult();
        }
    }

    private sealed record Pending(InboxMessage Message, TaskCompletionSource Done);
}
