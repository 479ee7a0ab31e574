using RevOps.Scoring.Bench;

namespace RevOps.Pipeline.Bench;

/// <summary>What one step at one rate measured.</summary>
internal sealed record StepResult
{
    public required int Replicas { get; init; }
    public required int TargetRate { get; init; }
    public required int StepSeconds { get; init; }
    /// <summary>Leads the planner put in the send window (its arrivals are Poisson at the target rate).</summary>
    public required int Planned { get; init; }
    public double OfferedRate => (double)Planned / StepSeconds;
    public required int Succeeded { get; init; }
    public required IReadOnlyDictionary<string, int> Errors { get; init; }
    public int Failed => Errors.Values.Sum();
    /// <summary>
    /// Successful SubmitLead calls per second: over the send window, or, when the last response came later than a median call
    /// after it, over the time to that response less the median call.
    /// </summary>
    public required double AchievedRate { get; init; }
    public required int Qualified { get; init; }
    /// <summary>
    /// Qualified leads whose first LeadAssigned reached the bench by the end of the drain window, which runs --drain seconds from
    /// the moment the step's last SubmitLead call ended (at the earliest, the end of the send window).
    /// </summary>
    public required int AssignedInDrain { get; init; }
    public int Missing => Qualified - AssignedInDrain;
    public required int ToFallbackQueue { get; init; }
    public required int DuplicateAssignments { get; init; }
    /// <summary>Seconds from the end of the send window to the last qualified lead's LeadAssigned; null if some never came.</summary>
    public required double? DrainedAfterSeconds { get; init; }
    public required Latencies SpeedToRoute { get; init; }
    public required Latencies Submit { get; init; }
    public required Latencies Visibility { get; init; }
    public required int ProbesSent { get; init; }
    public required int ProbesSeen { get; init; }
    /// <summary>Ready messages in the pipeline's queues (not error queues, not the bench's) at the end of the send window.</summary>
    public required long BacklogAtEnd { get; init; }
    public required long BacklogMax { get; init; }
    /// <summary>Least-squares slope of the pipeline backlog over the 1 s samples of the send window, messages per second.</summary>
    public required double BacklogSlope { get; init; }
    public required bool QueuesGrow { get; init; }
    public required IReadOnlyDictionary<string, long> QueuesAtEnd { get; init; }
    public required IReadOnlyDictionary<string, double> CpuPercent { get; init; }
    public required IReadOnlyDictionary<string, double> MemoryMiB { get; init; }
    public required double SettleSeconds { get; init; }

    public bool RateHeld => Planned > 0 && AchievedRate >= 0.95 * OfferedRate;

    /// <summary>
    /// The last lead was assigned more than 2 s (or 5% of the step) after the send window ended: the pipeline ran behind, its
    /// backlog held somewhere the broker's ready counts do not show (prefetched by consumers, unpublished in an outbox, queued
    /// in a service), and grew by about the lag times the rate over the step.
    /// </summary>
    public bool FellBehind => DrainedAfterSeconds is not { } lag || lag > Math.Max(2, 0.05 * StepSeconds);

    /// <summary>
    /// Achieved rate at least 95% of the offered one, queues not growing, not behind at the end, every qualified lead assigned
    /// within the drain window.
    /// </summary>
    public bool Sustained => RateHeld && !QueuesGrow && !FellBehind && Missing == 0;

    public string Verdict =>
        Sustained ? "yes"
        : string.Join(", ", new[]
        {
            RateHeld ? null : "rate < 95%",
            QueuesGrow ? "queues grow" : null,
            FellBehind && DrainedAfterSeconds is { } lag ? $"behind by {lag:0.0} s at the end" : null,
            Missing == 0 ? null : $"{Missing} unassigned",
        }.Where(s => s is not null));
}

/// <summary>One run of the rate ladder on a fresh graph.</summary>
internal sealed record RunResult(
    int Replicas,
    IReadOnlyList<StepResult> Steps,
    IReadOnlyList<int> NotRun,
    double StartupSeconds,
    int RepsRegistered,
    IReadOnlyList<LogSummary> Logs,
    IReadOnlyDictionary<string, int> Restarts,
    IReadOnlyDictionary<string, long> QueuesAtEnd,
    (long Calls, TimeSpan Mean) FunnelCalls,
    string? VisibilityError);

/// <summary>Warnings and errors a resource logged during the run.</summary>
internal sealed record LogSummary(string Resource, int Warnings, int Errors, IReadOnlyList<string> Samples);
