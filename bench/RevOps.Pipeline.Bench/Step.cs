using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.Scoring.Bench;
using RevOps.Simulator.Planning;

namespace RevOps.Pipeline.Bench;

/// <summary>
/// One step: the simulator's planner gives the step's leads and their arrival times (Poisson at the target rate, seeded), fixed
/// before the first is sent; an open-loop pacer sends each SubmitLead at its due time whatever the earlier calls are doing, and
/// every latency counts from that due time, so a stalled pipeline can't hide its stall by slowing the sender (coordinated
/// omission). Then a drain window for the assignments, and a settle until the queues are empty before the next step.
/// </summary>
internal static class Step
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(120);
    private static readonly Method<SubmitLeadRequest, SubmitLeadResponse> SubmitLead =
        Calls.Method<SubmitLeadRequest, SubmitLeadResponse>(IngestionReflection.Descriptor, "SubmitLead");

    public static async Task<StepResult> RunAsync(Pipeline pipeline, int rate, int seconds, int seed, CancellationToken ct)
    {
        var options = pipeline.Options;
        var schedule = Schedule(pipeline, rate, seconds, seed);
        var n = schedule.Length;
        Progress.Write($"{pipeline.Replicas} replica(s), {rate} leads/s: {n} leads planned over {seconds} s (seed {seed}); sending");
        var probeEvery = Math.Max(1, (int)Math.Round(rate / options.ProbesPerSecond));
        var due = new long[n];
        var responded = new long[n];
        var leadIds = new Guid[n];
        var qualified = new bool[n];
        var ok = new bool[n];
        var errors = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var firstErrors = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var probes = new List<Probe>();
        var probeOf = new Probe?[n];

        var pids = pipeline.Pids();
        var cpuBefore = pids.ToDictionary(p => p.Key, p => ProcessCpu.OfTree(p.Value), StringComparer.Ordinal);
        var benchBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 5;
        var end = start + seconds * Stopwatch.Frequency;
        var samples = new List<(double Seconds, IReadOnlyDictionary<string, long> Depths)>();
        var sampling = SampleQueuesAsync(pipeline.Queues, start, end, samples, ct);
        var window = MeasureAtEndAsync(pids, cpuBefore, benchBefore, end, seconds, ct);

        using var inFlight = new SemaphoreSlim(options.MaxInFlight);
        var sends = new Task[n];
        for (var i = 0; i < n; i++)
        {
            var dueAt = start + (long)(schedule[i].Offset.TotalSeconds * Stopwatch.Frequency);
            var ahead = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), dueAt);
            if (ahead > TimeSpan.FromMilliseconds(1))
                await Task.Delay(ahead, ct);
            await inFlight.WaitAsync(ct);
            due[i] = dueAt;
            var request = schedule[i].Request;
            Probe? probe = null;
            if (i % probeEvery == 0)
            {
                probe = pipeline.Probes.Add(dueAt);
                probes.Add(probe);
                probeOf[i] = probe;
                request.Lead.CapturedAt = Timestamp.FromDateTimeOffset(probe.CapturedAt);
            }
            sends[i] = SendAsync(i);
        }
        await Task.WhenAll(sends);
        var (cpu, memory) = await window;
        await sampling;

        var succeeded = ok.Count(x => x);
        var submit = new Latencies();
        for (var i = 0; i < n; i++)
        {
            if (ok[i])
                submit.Add(Stopwatch.GetElapsedTime(due[i], responded[i]));
        }
        // Successful calls per second of the send window, stretched by however much later than a typical call (the median) the
        // last response came: a pipeline that keeps up answers within about the window, one that falls behind well past it.
        var lastResponse = Enumerable.Range(0, n).Where(i => ok[i]).Select(i => responded[i]).DefaultIfEmpty(end).Max();
        var span = Stopwatch.GetElapsedTime(start, lastResponse).TotalSeconds - (submit.Count == 0 ? 0 : submit.Percentile(50) / 1000);
        var achieved = succeeded / Math.Max(seconds, span);
        var qualifiedLeads = Enumerable.Range(0, n).Where(i => ok[i] && qualified[i]).ToArray();
        Progress.Write($"  sent: {succeeded}/{n} ok ({achieved:0.0}/s), {errors.Values.Sum()} failed, {qualifiedLeads.Length} qualified; draining up to {options.DrainSeconds} s");

        // Drain: every qualified lead's LeadAssigned, within the window.
        var drainDeadline = Math.Max(end, Stopwatch.GetTimestamp()) + options.DrainSeconds * Stopwatch.Frequency;
        while (qualifiedLeads.Any(i => !pipeline.Assignments.ContainsKey(leadIds[i])) && Stopwatch.GetTimestamp() < drainDeadline)
            await Task.Delay(100, ct);
        var assignedInDrain = qualifiedLeads.Count(i => pipeline.Assignments.ContainsKey(leadIds[i]));
        double? drainedAfter = assignedInDrain == qualifiedLeads.Length
            ? qualifiedLeads.Select(i => Stopwatch.GetElapsedTime(end, pipeline.Assignments[leadIds[i]].At).TotalSeconds).DefaultIfEmpty(0).Max()
            : null;

        // Settle: the queues empty and the probes seen (or given up on) before the next step starts.
        var settleStarted = Stopwatch.GetTimestamp();
        var settleDeadline = settleStarted + (long)(SettleTimeout.TotalSeconds * Stopwatch.Frequency);
        await pipeline.Queues.RefreshNamesAsync(ct);
        while (Stopwatch.GetTimestamp() < settleDeadline)
        {
            var backlog = Backlog(await pipeline.Queues.SampleAsync(ct));
            if (backlog == 0 && probes.All(p => p.Failed || p.SeenAt != 0)
                && qualifiedLeads.All(i => pipeline.Assignments.ContainsKey(leadIds[i])))
                break;
            await Task.Delay(250, ct);
        }
        var settle = Stopwatch.GetElapsedTime(settleStarted).TotalSeconds;

        var speed = new Latencies();
        var fallback = 0;
        var duplicates = 0;
        foreach (var i in qualifiedLeads)
        {
            if (!pipeline.Assignments.TryGetValue(leadIds[i], out var assignment))
                continue;
            speed.Add(Stopwatch.GetElapsedTime(due[i], assignment.At));
            fallback += assignment.ToFallbackQueue ? 1 : 0;
            duplicates += assignment.Count > 1 ? 1 : 0;
        }
        var visibility = new Latencies();
        foreach (var probe in probes)
        {
            if (probe.Latency is { } latency)
                visibility.Add(latency);
        }
        var (backlogEnd, backlogMax, slope) = Trend(samples);
        var tolerance = Math.Max(100, rate / 2.0);
        foreach (var (kind, message) in firstErrors)
            Progress.Write($"  {errors[kind]} x {kind}, first: {message}");

        var result = new StepResult
        {
            Replicas = pipeline.Replicas,
            TargetRate = rate,
            StepSeconds = seconds,
            Planned = n,
            Succeeded = succeeded,
            Errors = errors.ToDictionary(StringComparer.Ordinal),
            AchievedRate = achieved,
            Qualified = qualifiedLeads.Length,
            AssignedInDrain = assignedInDrain,
            ToFallbackQueue = fallback,
            DuplicateAssignments = duplicates,
            DrainedAfterSeconds = drainedAfter,
            SpeedToRoute = speed,
            Submit = submit,
            Visibility = visibility,
            ProbesSent = probes.Count(p => !p.Failed),
            ProbesSeen = probes.Count(p => p.SeenAt != 0),
            BacklogAtEnd = backlogEnd,
            BacklogMax = backlogMax,
            BacklogSlope = slope,
            QueuesGrow = backlogEnd > tolerance && slope > 0,
            QueuesAtEnd = samples.Count == 0 ? new Dictionary<string, long>() : samples[^1].Depths,
            CpuPercent = cpu,
            MemoryMiB = memory,
            SettleSeconds = settle,
        };
        Progress.Write($"  speed to route {result.SpeedToRoute}; visibility {result.Visibility} ({result.ProbesSeen}/{result.ProbesSent} probes); backlog at end {backlogEnd} (max {backlogMax}, slope {slope:0.0}/s); settled in {settle:0.0} s; sustained: {result.Verdict}");
        return result;

        async Task SendAsync(int i)
        {
            try
            {
                var response = await Calls.UnaryAsync(pipeline.Scoring, SubmitLead, schedule[i].Request, CallTimeout, ct);
                responded[i] = Stopwatch.GetTimestamp();
                leadIds[i] = Guid.Parse(response.LeadId);
                qualified[i] = response.Qualified;
                ok[i] = true;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var kind = e is RpcException rpc ? rpc.StatusCode.ToString() : e.GetType().Name;
                errors.AddOrUpdate(kind, 1, (_, count) => count + 1);
                firstErrors.TryAdd(kind, e.Message);
                if (probeOf[i] is { } probe)
                    probe.Failed = true;
            }
            finally
            {
                inFlight.Release();
            }
        }
    }

    /// <summary>The planner's SubmitLead requests for the step and when each is due, relative to the step's start.</summary>
    private static (TimeSpan Offset, SubmitLeadRequest Request)[] Schedule(Pipeline pipeline, int rate, int seconds, int seed)
    {
        var options = new SimulatorOptions
        {
            Rate = rate,
            Duration = TimeSpan.FromSeconds(seconds),
            Seed = seed,
            Scenario = pipeline.Options.Scenario,
        };
        var plan = SimulationPlanner.Plan(pipeline.Contract, Scenario.Find(options.Scenario), options);
        // The rest of each journey (activity, touches, dispositions, opportunities) is the simulator's sales play, not ingestion load.
        return [.. plan.Actions.Where(a => a.Request is SubmitLeadRequest)
            .Select(a => (a.At / options.Acceleration, (SubmitLeadRequest)a.Request))];
    }

    /// <summary>CPU (% of one core) over the send window, and memory at its end, per process; "bench" is this process alone.</summary>
    private static async Task<(IReadOnlyDictionary<string, double> Cpu, IReadOnlyDictionary<string, double> Memory)> MeasureAtEndAsync(
        IReadOnlyDictionary<string, int> pids, IReadOnlyDictionary<string, TimeSpan> cpuBefore, TimeSpan benchBefore, long end, int seconds,
        CancellationToken ct)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), end);
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, ct);
        var cpu = new Dictionary<string, double>(StringComparer.Ordinal);
        var memory = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, pid) in pids)
        {
            cpu[name] = (ProcessCpu.OfTree(pid) - cpuBefore[name]).TotalSeconds / seconds * 100;
            memory[name] = ProcessMemory.OfTreeBytes(pid) / (1024.0 * 1024);
        }
        using var self = Process.GetCurrentProcess();
        cpu["bench"] = (self.TotalProcessorTime - benchBefore).TotalSeconds / seconds * 100;
        memory["bench"] = ProcessMemory.OfProcessBytes(Environment.ProcessId) / (1024.0 * 1024);
        return (cpu, memory);
    }

    /// <summary>Queue depths once a second from the step's start to the end of its send window (inclusive).</summary>
    private static async Task SampleQueuesAsync(RabbitQueues queues, long start, long end, List<(double, IReadOnlyDictionary<string, long>)> samples, CancellationToken ct)
    {
        for (var next = start; ; next += Stopwatch.Frequency)
        {
            var at = Math.Min(next, end);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), at);
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, ct);
            samples.Add((Stopwatch.GetElapsedTime(start).TotalSeconds, await queues.SampleAsync(ct)));
            if (at == end)
                return;
        }
    }

    private static long Backlog(IReadOnlyDictionary<string, long> depths) =>
        depths.Where(d => RabbitQueues.IsPipelineQueue(d.Key)).Sum(d => d.Value);

    /// <summary>The backlog at the last sample, its maximum, and its least-squares slope (messages per second).</summary>
    private static (long End, long Max, double Slope) Trend(List<(double Seconds, IReadOnlyDictionary<string, long> Depths)> samples)
    {
        if (samples.Count == 0)
            return (0, 0, 0);
        var points = samples.Select(s => (X: s.Seconds, Y: (double)Backlog(s.Depths))).ToArray();
        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var sxx = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        var slope = sxx == 0 ? 0 : points.Sum(p => (p.X - meanX) * (p.Y - meanY)) / sxx;
        return ((long)points[^1].Y, (long)points.Max(p => p.Y), slope);
    }
}
