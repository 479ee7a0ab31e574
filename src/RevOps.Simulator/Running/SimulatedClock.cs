using RevOps.Simulator.Planning;

namespace RevOps.Simulator.Running;

/// <summary>
/// Maps the plan's simulated time onto real time. Gaps shrink by the acceleration. Timestamps the APIs take from upstream
/// systems (captured_at, an activity's occurred_at) carry the simulated time; since the services refuse times in the future,
/// the simulated clock starts <c>backdate</c> before the real start and never reads later than now.
/// </summary>
public sealed class SimulatedClock(TimeProvider time, double acceleration, TimeSpan backdate)
{
    /// <summary>
    /// The most history a run writes: behaviour points halve every 30 days in the default contract, so three days cost a lead
    /// about 7% of them, within the planner's score margin.
    /// </summary>
    public static readonly TimeSpan MaxBackdate = TimeSpan.FromDays(3);

    private readonly DateTimeOffset _start = time.GetUtcNow();

    /// <summary>
    /// How far back a run's simulated clock starts: far enough that a bounded run's last arrival is stamped about when it
    /// happens (duration x (acceleration - 1)), at most <see cref="MaxBackdate"/>; nothing in real time.
    /// </summary>
    public static TimeSpan BackdateFor(SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Acceleration <= 1)
            return TimeSpan.Zero;
        var seconds = options.Duration?.TotalSeconds * (options.Acceleration - 1);
        return seconds < MaxBackdate.TotalSeconds ? TimeSpan.FromSeconds(seconds.Value) : MaxBackdate;
    }

    /// <summary>When the request planned at <paramref name="simulated"/> is due in real time.</summary>
    public DateTimeOffset DueAt(TimeSpan simulated) => _start + simulated / acceleration;

    /// <summary>The timestamp for the request planned at <paramref name="simulated"/>: the simulated instant, never later than now.</summary>
    public DateTimeOffset Stamp(TimeSpan simulated)
    {
        var stamp = _start - backdate + simulated;
        var now = time.GetUtcNow();
        return stamp < now ? stamp : now;
    }

    public Task WaitUntilDueAsync(TimeSpan simulated, CancellationToken cancellationToken)
    {
        var wait = DueAt(simulated) - time.GetUtcNow();
        return wait > TimeSpan.Zero ? Task.Delay(wait, time, cancellationToken) : Task.CompletedTask;
    }
}
