using RevOps.Sla.Domain;

namespace RevOps.Sla.Tests.Domain;

public sealed class WebhookRetryPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Doubles_the_delay_per_failure_up_to_the_cap()
    {
        var policy = new WebhookRetryPolicy(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60), maxAttempts: 10);

        var delays = Enumerable.Range(1, 6).Select(n => policy.NextAttemptAt(n, Now)!.Value - Now);

        Assert.Equal([5, 10, 20, 40, 60, 60], delays.Select(d => d.TotalSeconds));
    }

    [Fact]
    public void Gives_up_after_the_last_attempt()
    {
        var policy = new WebhookRetryPolicy(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60), maxAttempts: 3);

        Assert.NotNull(policy.NextAttemptAt(2, Now));
        Assert.Null(policy.NextAttemptAt(3, Now));
    }

    [Fact]
    public void Huge_attempt_counts_stay_at_the_cap()
    {
        var policy = new WebhookRetryPolicy(TimeSpan.FromDays(1), TimeSpan.FromDays(30), maxAttempts: int.MaxValue);

        Assert.Equal(TimeSpan.FromDays(30), policy.NextAttemptAt(1_000_000, Now) - Now);
    }

    [Fact]
    public void Rejects_nonsense_settings()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WebhookRetryPolicy(TimeSpan.Zero, TimeSpan.FromSeconds(1), 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WebhookRetryPolicy(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WebhookRetryPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 0));
    }
}
