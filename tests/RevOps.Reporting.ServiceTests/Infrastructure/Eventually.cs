namespace RevOps.Reporting.ServiceTests.Infrastructure;

/// <summary>Polls a condition until it holds or a deadline passes; never a bare sleep.</summary>
internal static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (condition(value))
                return value;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting for: {what} (last value: {value})");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
