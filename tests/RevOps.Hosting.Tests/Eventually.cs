namespace RevOps.Hosting.Tests;

/// <summary>Polls a condition until it holds or a deadline passes; never a bare sleep.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting for: {what}");
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
