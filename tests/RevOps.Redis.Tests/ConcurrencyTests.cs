using RevOps.Redis.Tests.Infrastructure;

namespace RevOps.Redis.Tests;

public class ConcurrencyTests(SharedRedisServer redis)
{
    [Fact]
    public async Task Ten_thousand_concurrent_callers_each_get_their_own_reply()
    {
        await using var connection = await redis.ConnectAsync();
        var db = connection.GetDatabase();
        var prefix = Guid.NewGuid().ToString("N");
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var callers = Enumerable.Range(0, 10_000).Select(i => Task.Run(async () =>
        {
            await start.Task;
            var key = $"{prefix}:{i}";
            var value = $"value-{i}-{Guid.NewGuid():N}";
            Assert.True(await db.StringSetAsync(key, value));
            var echoed = (string?)await db.ExecuteAsync("ECHO", value);
            var read = (string?)await db.StringGetAsync(key);
            var counted = await db.StringIncrementAsync($"{key}:n", i);
            return (Expected: value, echoed, read, Counted: counted, Index: i);
        })).ToArray();
        start.SetResult();
        var results = await Task.WhenAll(callers);

        Assert.All(results, r =>
        {
            Assert.Equal(r.Expected, r.echoed);
            Assert.Equal(r.Expected, r.read);
            Assert.Equal(r.Index, r.Counted);
        });
    }
}
