using Microsoft.Extensions.Options;
using RevOps.Sla.Data;

namespace RevOps.Sla.Timers;

/// <summary>
/// Claims clocks coming due (a lease in sladb, so replicas split the work), holds them in memory ordered by due time and
/// fires each on time. Overdue clocks, including those that came due while no replica ran, are claimed first and fire
/// at once; sladb fires a clock only while it is still running, so a clock never fires twice.
/// </summary>
public sealed class SlaTimer(ClockStore store, BreachFiring firing, TimeProvider time, IOptions<SlaTimerOptions> options,
    ILogger<SlaTimer> logger) : BackgroundService
{
    private readonly SlaTimerOptions _options = options.Value;
    private readonly PriorityQueue<Guid, DateTimeOffset> _pending = new();
    private readonly HashSet<Guid> _held = [];

    /// <summary>Clocks held in memory, waiting for their due time.</summary>
    public int Pending => Volatile.Read(ref _pendingCount);

    private int _pendingCount;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextClaimAt = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = time.GetUtcNow();
                if (now >= nextClaimAt)
                {
                    await ClaimAsync(now, stoppingToken);
                    nextClaimAt = now + _options.ClaimInterval;
                }
                await FireDueAsync(stoppingToken);
                await Task.Delay(WaitTime(nextClaimAt), time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // sladb or the broker hiccuped: leases keep the claimed clocks safe, so try again after one interval.
                logger.LogError(ex, "SLA timer round failed on {ReplicaId}; retrying", _options.ReplicaId);
                try
                {
                    await Task.Delay(_options.ClaimInterval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Hand back unfired clocks so another replica takes them now instead of after the lease.
        var released = await store.ReleaseAsync(_options.ReplicaId, cancellationToken);
        logger.LogInformation("SLA timer {ReplicaId} stopped, released {Released} clocks", _options.ReplicaId, released);
    }

    private async Task ClaimAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Keep claiming while whole batches come back: after downtime the backlog is drained before waiting again.
        while (true)
        {
            var claimed = await store.ClaimDueAsync(_options.ReplicaId, now, now + _options.Horizon, now + _options.Lease,
                _options.BatchSize, cancellationToken);
            foreach (var clock in claimed)
            {
                if (_held.Add(clock.Id))
                    _pending.Enqueue(clock.Id, clock.DueAt);
            }
            Volatile.Write(ref _pendingCount, _pending.Count);
            if (claimed.Count < _options.BatchSize)
                return;
            await FireDueAsync(cancellationToken);
        }
    }

    private async Task FireDueAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = time.GetUtcNow();
            var due = new List<(Guid Id, DateTimeOffset DueAt)>();
            while (due.Count < _options.BatchSize && _pending.TryPeek(out var id, out var dueAt) && dueAt <= now)
            {
                _pending.Dequeue();
                due.Add((id, dueAt));
            }
            if (due.Count == 0)
                return;
            try
            {
                await firing.FireAsync([.. due.Select(d => d.Id)], now, cancellationToken);
            }
            catch
            {
                // Not fired: keep them in memory for the next round.
                foreach (var (id, dueAt) in due)
                    _pending.Enqueue(id, dueAt);
                throw;
            }
            _held.ExceptWith(due.Select(d => d.Id));
            Volatile.Write(ref _pendingCount, _pending.Count);
        }
    }

    private TimeSpan WaitTime(DateTimeOffset nextClaimAt)
    {
        var now = time.GetUtcNow();
        var until = _pending.TryPeek(out _, out var nextDue) && nextDue < nextClaimAt ? nextDue : nextClaimAt;
        var wait = until - now;
        return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait < _options.FiringWindow ? _options.FiringWindow
            : wait > _options.ClaimInterval ? _options.ClaimInterval : wait;
    }
}
