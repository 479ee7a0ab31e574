using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using RevOps.Contracts.V1;
using RevOps.Grpc;

namespace RevOps.Pipeline.Bench;

/// <summary>A lead of the load that also measures ingestion to scorecard visibility.</summary>
internal sealed class Probe(int seq, DateTimeOffset capturedAt, long due)
{
    public int Seq { get; } = seq;

    /// <summary>Sent as the lead's captured_at: an instant no other lead has, in a window days before the run.</summary>
    public DateTimeOffset CapturedAt { get; } = capturedAt;

    /// <summary>When the lead was due to be sent (Stopwatch ticks).</summary>
    public long Due { get; } = due;

    public volatile bool Failed;

    /// <summary>The start of the first funnel call that counted the lead (Stopwatch ticks); 0 while unseen.</summary>
    public long SeenAt;

    public TimeSpan? Latency => SeenAt == 0 ? null : Stopwatch.GetElapsedTime(Due, SeenAt);
}

/// <summary>
/// Ingestion to scorecard visibility, through reporting's public API only. Reporting's funnel counts the leads whose
/// captured_at falls in the requested period, so each probe lead is sent with a captured_at of its own (a millisecond in a
/// window ten days before the run, where no other lead is) and is visible once GetFunnel over that instant counts it as
/// captured. While probes are pending, one GetFunnel call per poll covers all of them; when it counts only some, each pending
/// probe is asked about on its own. A probe's latency is from its due send time to the start of the first call that counted it,
/// so the poll interval bounds the resolution. Reporting answers GetFunnel by reading the period's rows from lead_facts, a
/// scan of the table (the OR over stage times can't use one index), so the poll interval is kept at 50 ms, not less.
/// </summary>
internal sealed class VisibilityProbes(CallInvoker reporting, DateTimeOffset windowStart, TimeSpan pollInterval)
{
    private const int MaxSingleCallsPerPoll = 32;
    private static readonly Method<GetFunnelRequest, Funnel> GetFunnel = Calls.Method<GetFunnelRequest, Funnel>(ReportingReflection.Descriptor, "GetFunnel");
    private readonly ConcurrentQueue<Probe> _added = new();
    private readonly List<Probe> _pending = [];
    private readonly SortedSet<int> _seen = [];
    private int _seq;
    private long _calls;
    private long _callTicks;

    /// <summary>GetFunnel calls made so far, and their mean duration.</summary>
    public (long Calls, TimeSpan Mean) CallStats =>
        (Interlocked.Read(ref _calls), _calls == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)Interlocked.Read(ref _callTicks) / Stopwatch.Frequency / _calls));

    public string? LastError { get; private set; }

    public Probe Add(long due)
    {
        var seq = Interlocked.Increment(ref _seq);
        var probe = new Probe(seq, windowStart + TimeSpan.FromMilliseconds(seq), due);
        _added.Enqueue(probe);
        return probe;
    }

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            while (_added.TryDequeue(out var probe))
                _pending.Add(probe);
            _pending.RemoveAll(p => p.Failed);
            if (_pending.Count > 0)
            {
                try
                {
                    await PollAsync(ct);
                }
                catch (RpcException e) when (!ct.IsCancellationRequested)
                {
                    LastError = $"{e.StatusCode}: {e.Message}";
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
            }
            try
            {
                await Task.Delay(pollInterval, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task PollAsync(CancellationToken ct)
    {
        _pending.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        var first = _pending[0];
        var last = _pending[^1];
        var (at, count) = await CapturedAsync(first.CapturedAt, last.CapturedAt, ct);
        var newlyVisible = count - _seen.GetViewBetween(first.Seq, last.Seq).Count;
        if (newlyVisible <= 0)
            return;
        if (newlyVisible >= _pending.Count)
        {
            foreach (var probe in _pending)
                See(probe, at);
            _pending.Clear();
            return;
        }
        foreach (var probe in _pending.Take(MaxSingleCallsPerPoll).ToArray())
        {
            var (singleAt, single) = await CapturedAsync(probe.CapturedAt, probe.CapturedAt, ct);
            if (single > 0)
            {
                See(probe, singleAt);
                _pending.Remove(probe);
            }
        }
    }

    private void See(Probe probe, long at)
    {
        probe.SeenAt = at;
        _seen.Add(probe.Seq);
    }

    /// <summary>Leads reporting counts as captured in [from, to + 1 ms), and when the call started.</summary>
    private async Task<(long At, long Count)> CapturedAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var request = new GetFunnelRequest
        {
            Period = new Period { From = Timestamp.FromDateTimeOffset(from), To = Timestamp.FromDateTimeOffset(to + TimeSpan.FromMilliseconds(1)) },
        };
        var started = Stopwatch.GetTimestamp();
        var funnel = await Calls.UnaryAsync(reporting, GetFunnel, request, TimeSpan.FromSeconds(30), ct);
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _callTicks, Stopwatch.GetTimestamp() - started);
        return (started, funnel.Stages.FirstOrDefault(s => s.Stage == FunnelStage.Captured)?.Count ?? 0);
    }
}
