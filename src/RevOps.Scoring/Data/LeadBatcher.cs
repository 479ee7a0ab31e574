using System.Threading.Channels;
using RevOps.Scoring.Contracts;

namespace RevOps.Scoring.Data;

/// <summary>
/// Group commit for unary SubmitLead: requests that arrive together are written in one transaction by one writer loop, so
/// hundreds of concurrent callers cost a handful of transactions instead of hundreds contending in PostgreSQL. While a batch
/// is written the next one fills, so the batches grow with the load (up to 200 leads) and one writer keeps up far past what
/// the rest of the pipeline takes. A second writer only split the waiting leads into more transactions, each costing
/// PostgreSQL the same few statements however many leads it holds.
/// </summary>
internal sealed class LeadBatcher(LeadStore leads, ActiveContract activeContract) : BackgroundService
{
    private const int MaxBatch = 200;

    private readonly Channel<(LeadRequest Request, TaskCompletionSource<LeadOutcome> Result)> _queue =
        Channel.CreateUnbounded<(LeadRequest, TaskCompletionSource<LeadOutcome>)>(new UnboundedChannelOptions { SingleReader = true });

    public Task<LeadOutcome> SubmitAsync(LeadRequest request)
    {
        var result = new TaskCompletionSource<LeadOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((request, result)))
            result.SetException(new InvalidOperationException("The service is stopping."));
        return result.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(LeadRequest Request, TaskCompletionSource<LeadOutcome> Result)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
                batch.Add(item);
            try
            {
                await WriteBatchAsync(batch, stoppingToken);
            }
            catch (Exception) when (batch.Count > 1 && !stoppingToken.IsCancellationRequested)
            {
                // One lead's failure must not fail its neighbours: write them one by one, so only that caller sees the error.
                foreach (var item in batch)
                {
                    try
                    {
                        await WriteBatchAsync([item], stoppingToken);
                    }
                    catch (Exception single)
                    {
                        item.Result.TrySetException(single);
                    }
                }
            }
            catch (Exception ex)
            {
                foreach (var (_, result) in batch)
                    result.TrySetException(ex);
            }
            batch.Clear();
        }
    }

    private async Task WriteBatchAsync(List<(LeadRequest Request, TaskCompletionSource<LeadOutcome> Result)> batch, CancellationToken cancellationToken)
    {
        // Positions within this transaction; each caller gets its own lead's outcome back.
        var requests = batch.Select((item, i) => item.Request with { Index = i }).ToList();
        var outcomes = await leads.SubmitAsync(requests, activeContract.Current, cancellationToken);
        for (var i = 0; i < batch.Count; i++)
            batch[i].Result.TrySetResult(outcomes[i]);
    }
}
