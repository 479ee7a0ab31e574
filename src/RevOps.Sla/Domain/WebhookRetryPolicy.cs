namespace RevOps.Sla.Domain;

/// <summary>
/// Exponential backoff for escalation webhooks: <see cref="FirstDelay"/> doubled per failed attempt up to
/// <see cref="MaxDelay"/>, giving up after <see cref="MaxAttempts"/>.
/// </summary>
public sealed record WebhookRetryPolicy
{
    public static WebhookRetryPolicy Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromHours(1), 15);

    /// <exception cref="ArgumentOutOfRangeException">A delay that is not positive, a cap below the first delay, or no attempts.</exception>
    public WebhookRetryPolicy(TimeSpan firstDelay, TimeSpan maxDelay, int maxAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, firstDelay);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        FirstDelay = firstDelay;
        MaxDelay = maxDelay;
        MaxAttempts = maxAttempts;
    }

    public TimeSpan FirstDelay { get; }
    public TimeSpan MaxDelay { get; }
    public int MaxAttempts { get; }

    /// <summary>When to try again after <paramref name="failedAttempts"/> failures; null once the attempts are used up.</summary>
    public DateTimeOffset? NextAttemptAt(int failedAttempts, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        if (failedAttempts >= MaxAttempts)
            return null;
        // Double step by step and stop at the cap, so no attempt count can overflow.
        var delay = FirstDelay;
        for (var i = 1; i < failedAttempts && delay < MaxDelay; i++)
            delay = delay <= MaxDelay / 2 ? delay * 2 : MaxDelay;
        return now + (delay < MaxDelay ? delay : MaxDelay);
    }
}
