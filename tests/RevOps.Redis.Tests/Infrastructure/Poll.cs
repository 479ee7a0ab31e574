namespace RevOps.Redis.Tests.Infrastructure;

/// <summary>Waits for a condition with a deadline instead of sleeping and hoping.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds} s waiting for {what}.");
            }
            await Task.Delay(10);
        }
    }
}
