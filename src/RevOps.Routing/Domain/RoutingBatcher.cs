using Microsoft.Extensions.Logging;
using RevOps.ServiceDefaults;

namespace RevOps.Routing.Domain;

/// <summary>
/// Gathers the leads consumed concurrently into batches for <see cref="Router.RouteBatchAsync"/>: while the batches in flight
/// wait on PostgreSQL and Redis, the next ones fill, so a lone lead goes at once and a burst shares few transactions and commits.
/// Each lead keeps its own message: a batch that fails is routed again lead by lead, so only the leads that fail on their
/// own fault (and are retried, or go to the error queue) while the others are routed.
/// </summary>
public sealed partial class RoutingBatcher
{
    /// <summary>Most leads in one transaction.</summary>
    public const int MaxBatch = 64;

    /// <summary>
    /// Batches in flight at once, each in its own transaction: their round trips overlap. Leads are locked in one order, so
    /// batches that share a lead take turns instead of deadlocking. Two, not more: every transaction costs PostgreSQL the same
    /// few statements however many leads it holds, and at 1,000 leads/s two workers' larger batches took about a sixth less of
    /// its CPU per lead than four workers' did, with no worse latency; a second one keeps a batch waiting on a lead's lock from
    /// holding up all routing.
    /// </summary>
    public const int Workers = 2;

    private readonly ConcurrentBatcher<RoutingRequest, RouteResult?> _batcher;
    private readonly Router _router;
    private readonly ILogger<RoutingBatcher> _logger;

    public RoutingBatcher(Router router, ILogger<RoutingBatcher> logger)
    {
        (_router, _logger) = (router, logger);
        _batcher = new(MaxBatch, Workers, RouteBatchAsync);
    }

    /// <summary>Routes the request with whichever batch it joins; null as from <see cref="Router.RouteAsync"/>.</summary>
    public Task<RouteResult?> RouteAsync(RoutingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _batcher.Add(request);
    }

    private async Task RouteBatchAsync(IReadOnlyList<(RoutingRequest Request, TaskCompletionSource<RouteResult?> Done)> batch)
    {
        try
        {
            // The messages' own cancellation does not reach the batch: it commits for all or none of them.
            var results = await _router.RouteBatchAsync([.. batch.Select(p => p.Request)], CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
                batch[i].Done.TrySetResult(results[i]);
            return;
        }
        catch (Exception e) when (batch.Count > 1)
        {
            LogSplit(_logger, batch.Count, e);
        }

        await Task.WhenAll(batch.Select(async pending =>
        {
            try
            {
                pending.Done.TrySetResult(await _router.RouteAsync(pending.Request, CancellationToken.None));
            }
            catch (Exception e)
            {
                pending.Done.TrySetException(e);
            }
        }));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Routing a batch of {Count} leads failed; routing each on its own")]
    private static partial void LogSplit(ILogger logger, int count, Exception exception);
}
