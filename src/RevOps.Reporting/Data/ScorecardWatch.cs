using RevOps.Reporting.Domain;

namespace RevOps.Reporting.Data;

/// <summary>
/// A scorecard that follows the events: recomputed when the read models change (and every <see cref="Refresh"/> without any,
/// as a running period's clocks fall due), handed on only when it differs from the last one sent. WatchScorecard over gRPC
/// and the page's event stream both run it.
/// </summary>
internal sealed class ScorecardWatch(ReportQueries queries, FactsChanged factsChanged, TimeProvider clock)
{
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(30);

    /// <summary>A burst of events yields one update per interval, not one per event.</summary>
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Until cancelled: each new scorecard, as <paramref name="shape"/> makes it comparable, goes to <paramref name="send"/>.</summary>
    public async Task RunAsync<T>(ReportRequest report, Func<Scorecard, T> shape, Func<T, DateTimeOffset, Task> send, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sent = default(T);
        var first = true;
        while (!ct.IsCancellationRequested)
        {
            // Taken before reading, so a change committed while we compute wakes the next round.
            var changed = factsChanged.Next;
            var scorecard = shape(await queries.ScorecardAsync(report.Period, report.Filter, ct));
            if (first || !EqualityComparer<T>.Default.Equals(scorecard, sent))
            {
                await send(scorecard, clock.GetUtcNow());
                (sent, first) = (scorecard, false);
            }
            try
            {
                await changed.WaitAsync(Refresh, clock, ct);
                await Task.Delay(MinInterval, clock, ct);
            }
            catch (TimeoutException)
            {
                // No event for a while: recompute anyway.
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
