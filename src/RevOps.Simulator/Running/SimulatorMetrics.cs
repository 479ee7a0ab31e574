using System.Diagnostics.Metrics;
using RevOps.Grpc;

namespace RevOps.Simulator.Running;

/// <summary>Totals of a simulator process, in one line for the log.</summary>
public readonly record struct SimulatorTotals(long LeadsSent, long LeadsReplayed, long Requests, long Retries, long Failures, long Skipped)
{
    public override string ToString() =>
        $"{LeadsSent} leads sent ({LeadsReplayed} replayed), {Requests} requests, {Retries} retries, {Failures} failures, {Skipped} skipped";
}

/// <summary>
/// The simulator's counters as System.Diagnostics.Metrics instruments (meter "RevOps.Simulator", exported by the service
/// defaults with the other RevOps.* meters) and as totals for the log.
/// </summary>
public sealed class SimulatorMetrics : IDisposable
{
    public const string MeterName = "RevOps.Simulator";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _leadsSent;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _skipped;
    private long _leadsSentTotal;
    private long _leadsReplayedTotal;
    private long _requestsTotal;
    private long _retriesTotal;
    private long _failuresTotal;
    private long _skippedTotal;

    public SimulatorMetrics()
    {
        _leadsSent = _meter.CreateCounter<long>("revops.simulator.leads_sent", "{lead}", "Leads submitted (replayed ones tagged replayed=true)");
        _requests = _meter.CreateCounter<long>("revops.simulator.requests", "{request}", "Requests the services answered with OK");
        _retries = _meter.CreateCounter<long>("revops.simulator.retries", "{retry}", "Requests sent again with the same idempotency key after UNAVAILABLE");
        _failures = _meter.CreateCounter<long>("revops.simulator.failures", "{request}", "Requests given up on, by status");
        _skipped = _meter.CreateCounter<long>("revops.simulator.skipped", "{request}", "Planned requests not sent, by reason (e.g. the lead never got a rep)");
    }

    public SimulatorTotals Totals => new(
        Interlocked.Read(ref _leadsSentTotal), Interlocked.Read(ref _leadsReplayedTotal), Interlocked.Read(ref _requestsTotal),
        Interlocked.Read(ref _retriesTotal), Interlocked.Read(ref _failuresTotal), Interlocked.Read(ref _skippedTotal));

    public void LeadSent(bool replayed)
    {
        Interlocked.Increment(ref _leadsSentTotal);
        if (replayed)
            Interlocked.Increment(ref _leadsReplayedTotal);
        _leadsSent.Add(1, new KeyValuePair<string, object?>("replayed", replayed));
    }

    public void Answered(string method)
    {
        Interlocked.Increment(ref _requestsTotal);
        _requests.Add(1, new KeyValuePair<string, object?>("method", method));
    }

    public void Retried(string method)
    {
        Interlocked.Increment(ref _retriesTotal);
        _retries.Add(1, new KeyValuePair<string, object?>("method", method));
    }

    public void Failed(string method, StatusCode status)
    {
        Interlocked.Increment(ref _failuresTotal);
        _failures.Add(1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("status", status.ToString()));
    }

    public void Skipped(string reason)
    {
        Interlocked.Increment(ref _skippedTotal);
        _skipped.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    public void Dispose() => _meter.Dispose();
}
