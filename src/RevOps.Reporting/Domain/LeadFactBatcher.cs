using RevOps.ServiceDefaults;

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

    /// <summary>
    /// Batches in flight at once: one, while the next fills behind it. Two took a third more transactions at 500 leads/s, as
    /// each took the few messages waiting, and made their upserts of the same leads wait on each other's row locks.
    /// </summary>
    public const int Workers = 1;

    private readonly ConcurrentBatcher<InboxMessage, bool> _batcher;
    private readonly LeadFactStore _store;

    public LeadFactBatcher(LeadFactStore store)
    {
        _store = store;
        _batcher = new(MaxBatch, Workers, ApplyBatchAsync);
    }

    /// <summary>Applies the message with whichever batch it joins; completes when that batch commits.</summary>
    public Task ApplyAsync(InboxMessage message) => _batcher.Add(message);

    private async Task ApplyBatchAsync(IReadOnlyList<(InboxMessage Message, TaskCompletionSource<bool> Done)> batch)
    {
        // The messages' own cancellation does not reach the batch: it commits for all of them or is split.
        var failures = await _store.ApplyEachAsync([.. batch.Select(p => p.Message)], CancellationToken.None);
        for (var i = 0; i < batch.Count; i++)
        {
            if (failures[i] is { } failure)
                batch[i].Done.TrySetException(failure);
            else
                batch[i].Done.TrySetResult(true);
        }
    }
}
