using System.Globalization;
using RevOps.Scoring.Bench;

namespace RevOps.Pipeline.Bench;

/// <summary>The markdown report: one row per step and run, then CPU, memory, queues, the verdict and what the logs said.</summary>
internal static class Report
{
    private static readonly (string Key, string Label)[] Columns =
    [
        ("scoring-0", "scoring-0"), ("scoring-1", "scoring-1"), ("routing", "routing"), ("sla", "sla"), ("reporting", "reporting"),
        ("postgres", "postgres"), ("redis", "redis"), ("messaging", "rabbitmq"), ("bench", "bench"),
    ];

    public static void Write(TextWriter output, BenchOptions options, IReadOnlyList<RunResult> runs)
    {
        var w = new Writer(output);
        w.Line($"## Whole-pipeline benchmark");
        w.Line();
        w.Line($"Steps of {options.StepSeconds} s at {string.Join(", ", options.Rates)} leads/s ({options.Scenario} scenario, seed {options.Seed}), drain window {options.DrainSeconds} s, {options.ProbesPerSecond:0.#} visibility probes/s, {Environment.ProcessorCount} cores. Latencies count from each lead's planned send time.");
        w.Line();
        w.Line($"| scoring replicas | target leads/s | offered leads/s | achieved leads/s | failed | qualified | assigned in drain | speed to route p50 / p99 ms | SubmitLead p50 / p99 ms | visibility p50 / p99 ms (probes) | backlog end / max (slope/s) | last assigned after s | sustained |");
        w.Line($"|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var run in runs)
        {
            foreach (var s in run.Steps)
            {
                var failed = s.Failed == 0 ? "0" : $"{s.Failed} ({string.Join(", ", s.Errors.Select(e => $"{e.Key} {e.Value}"))})";
                var assigned = s.ToFallbackQueue + s.DuplicateAssignments == 0
                    ? $"{s.AssignedInDrain}"
                    : $"{s.AssignedInDrain} ({s.ToFallbackQueue} to fallback queue, {s.DuplicateAssignments} twice)";
                w.Line($"| {run.Replicas} | {s.TargetRate} | {s.OfferedRate:0.0} | {s.AchievedRate:0.0} | {failed} | {s.Qualified} | {assigned} | {P(s.SpeedToRoute)} | {P(s.Submit)} | {P(s.Visibility)} ({s.ProbesSeen}/{s.ProbesSent}) | {s.BacklogAtEnd} / {s.BacklogMax} ({s.BacklogSlope:+0.0;-0.0;0}) | {(s.DrainedAfterSeconds is { } d ? d.ToString("0.00", CultureInfo.InvariantCulture) : "—")} | {s.Verdict} |");
            }
            foreach (var rate in run.NotRun)
                w.Line($"| {run.Replicas} | {rate} | | | | | | | | | | | not run (a lower rate was not sustained) |");
        }
        w.Line();

        WriteProcessTable(w, runs, "CPU over the send window, % of one core (process tree)", s => s.CpuPercent, "0");
        WriteProcessTable(w, runs, "Memory at the end of the send window, MiB (PSS summed over the process tree)", s => s.MemoryMiB, "0");

        w.Line($"Queues at the end of each send window (ready messages, non-empty queues only):");
        w.Line();
        w.Line($"| scoring replicas | target leads/s | queues |");
        w.Line($"|---:|---:|---|");
        foreach (var run in runs)
        {
            foreach (var s in run.Steps)
            {
                var busy = s.QueuesAtEnd.Where(q => q.Value > 0).OrderByDescending(q => q.Value).Select(q => $"{q.Key} {q.Value}").ToArray();
                w.Line($"| {run.Replicas} | {s.TargetRate} | {(busy.Length == 0 ? "all empty" : string.Join(", ", busy))} |");
            }
        }
        w.Line();

        w.Line($"### Verdict");
        w.Line();
        foreach (var run in runs)
        {
            var best = run.Steps.Where(s => s.Sustained).MaxBy(s => s.TargetRate);
            w.Text(best is null
                ? $"- {run.Replicas} scoring replica(s): no step sustained."
                : $"- {run.Replicas} scoring replica(s): highest sustained rate **{best.TargetRate} leads/s** (achieved {best.AchievedRate:0.0}/s, speed to route p99 {best.SpeedToRoute.Percentile(99):0.0} ms, visibility p99 {best.Visibility.Percentile(99):0.0} ms).");
        }
        var twoReplicas = runs.FirstOrDefault(r => r.Replicas == 2)?.Steps.Where(s => s.Sustained).MaxBy(s => s.TargetRate);
        var oneReplica = runs.FirstOrDefault(r => r.Replicas == 1)?.Steps.Where(s => s.Sustained).MaxBy(s => s.TargetRate);
        if (twoReplicas is not null && oneReplica is not null)
            w.Line($"- Second scoring replica: {(double)twoReplicas.TargetRate / oneReplica.TargetRate:0.00}x the sustained rate of one, on this {Environment.ProcessorCount}-core machine (a ladder only resolves to its rungs).");
        var target = runs.SelectMany(r => r.Steps.Select(s => (r.Replicas, Step: s))).Where(x => x.Step.Sustained && x.Step.TargetRate >= 1000 && x.Step.SpeedToRoute.Percentile(99) < 100).ToArray();
        w.Text(target.Length > 0
            ? $"- Target (at least 1,000 leads/s end to end with speed-to-route p99 under 100 ms): **met** ({string.Join("; ", target.Select(t => $"{t.Replicas} replica(s) at {t.Step.TargetRate}/s, p99 {t.Step.SpeedToRoute.Percentile(99):0.0} ms"))})."
            : $"- Target (at least 1,000 leads/s end to end with speed-to-route p99 under 100 ms): **not met** in this run{(options.Rates.Max() < 1000 ? $" (no step reached 1,000 leads/s: the highest asked was {options.Rates.Max()})" : "")}.");
        w.Line();

        w.Line($"### Runs");
        w.Line();
        foreach (var run in runs)
        {
            var deadLetters = run.QueuesAtEnd.Where(q => RabbitQueues.IsDeadLetterQueue(q.Key) && q.Value > 0).Select(q => $"{q.Key} {q.Value}").ToArray();
            w.Line($"- {run.Replicas} replica(s): graph healthy {run.StartupSeconds:0} s after start; {run.RepsRegistered} reps; {run.FunnelCalls.Calls} GetFunnel calls for visibility (mean {run.FunnelCalls.Mean.TotalMilliseconds:0.0} ms){(run.VisibilityError is { } e ? $", last error: {Escape(e)}" : "")}; restarts: {(run.Restarts.Count == 0 ? "none" : string.Join(", ", run.Restarts.Select(r => $"{r.Key} {r.Value}")))}; error queues at the end: {(deadLetters.Length == 0 ? "none" : string.Join(", ", deadLetters))}.");
        }
        w.Line();
        if (runs.Any(r => r.Logs.Count > 0))
        {
            w.Line($"Warning and error lines in the resources' logs:");
            w.Line();
            w.Line($"| scoring replicas | resource | warnings | errors | first distinct lines |");
            w.Line($"|---:|---|---:|---:|---|");
            foreach (var run in runs)
            {
                foreach (var log in run.Logs)
                    w.Line($"| {run.Replicas} | {log.Resource} | {log.Warnings} | {log.Errors} | {string.Join("<br>", log.Samples.Select(Escape))} |");
            }
        }
        else
        {
            w.Line($"No resource logged a warning or an error.");
        }
        output.Flush();
    }

    private static void WriteProcessTable(Writer w, IReadOnlyList<RunResult> runs, string title, Func<StepResult, IReadOnlyDictionary<string, double>> values, string format)
    {
        w.Line($"{title}:");
        w.Line();
        w.Line($"| scoring replicas | target leads/s | {string.Join(" | ", Columns.Select(c => c.Label))} | all |");
        w.Line($"|---:|---:|{string.Concat(Columns.Select(_ => "---:|"))}---:|");
        foreach (var run in runs)
        {
            foreach (var s in run.Steps)
            {
                var row = values(s);
                var cells = Columns.Select(c => row.TryGetValue(c.Key, out var v) ? v.ToString(format, CultureInfo.InvariantCulture) : "—");
                w.Line($"| {run.Replicas} | {s.TargetRate} | {string.Join(" | ", cells)} | {row.Values.Sum().ToString(format, CultureInfo.InvariantCulture)} |");
            }
        }
        w.Line();
    }

    private static string P(Latencies latencies) =>
        latencies.Count == 0 ? "—" : string.Create(CultureInfo.InvariantCulture, $"{latencies.Percentile(50):0.0} / {latencies.Percentile(99):0.0}");

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private sealed class Writer(TextWriter output)
    {
        public void Line(FormattableString text) => output.WriteLine(text.ToString(CultureInfo.InvariantCulture));

        public void Line() => output.WriteLine();

        /// <summary>Already formatted (the program runs under the invariant culture).</summary>
        public void Text(string text) => output.WriteLine(text);
    }
}
