namespace RevOps.Sla.Tests.Service;

/// <summary>Real time moved to a chosen instant: it keeps ticking and its timers are real, but tests can jump it forward.</summary>
public sealed class ShiftedTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _offsetTicks = (start - System.GetUtcNow()).Ticks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void JumpTo(DateTimeOffset instant) => Interlocked.Exchange(ref _offsetTicks, (instant - base.GetUtcNow()).Ticks);
}
