namespace RevOps.Routing.Tests.Infrastructure;

/// <summary>A clock that reads what the test set.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
