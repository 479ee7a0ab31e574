using RevOps.Redis.Tests.Infrastructure;

namespace RevOps.Redis.Tests;

public class CommandTests(SharedRedisServer redis)
{
    private static string Key(string name) => $"{name}:{Guid.NewGuid():N}";

    [Theory]
    [InlineData("resp2")]
    [InlineData("resp3")]
    public async Task Strings_and_counters(string protocol)
    {
        await using var connection = await redis.ConnectAsync($",protocol={protocol}");
        var db = connection.GetDatabase();
        var key = Key("str");

        Assert.True(await db.StringSetAsync(key, "héllo"));
        Assert.False(await db.StringSetAsync(key, "other", when: When.NotExists));
        Assert.False(await db.StringSetAsync(key + ":absent", "x", when: When.Exists));
        Assert.Equal("héllo", (string?)await db.StringGetAsync(key));
        Assert.Equal(["héllo", null], (await db.StringGetAsync([key, key + ":absent"])).Select(v => (string?)v));
        Assert.Equal(5, await db.StringIncrementAsync(key + ":n", 5));
        Assert.Equal(3, await db.StringDecrementAsync(key + ":n", 2));
        Assert.Equal(3.5, await db.StringIncrementAsync(key + ":n", 0.5));
        Assert.Equal(3.5, (double)await db.StringGetAsync(key + ":n"));
    }

    [Theory]
    [InlineData("resp2")]
    [InlineData("resp3")]
    public async Task Key_expiry(string protocol)
    {
        await using var connection = await redis.ConnectAsync($",protocol={protocol}");
        var db = connection.GetDatabase();
        var key = Key("ttl");

        await db.StringSetAsync(key, "v", TimeSpan.FromMinutes(1));
        var ttl = await db.KeyTimeToLiveAsync(key);
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(50), TimeSpan.FromMinutes(1));
        Assert.True(await db.KeyExpireAsync(key, null));
        Assert.Null(await db.KeyTimeToLiveAsync(key));
        Assert.True(await db.KeyExpireAsync(key, TimeSpan.FromMilliseconds(1)));
        await Poll.UntilAsync(async () => !await db.KeyExistsAsync(key), TimeSpan.FromSeconds(5), "the key to expire");
        Assert.False(await db.KeyDeleteAsync(key));
        Assert.Null(await db.KeyTimeToLiveAsync(key));
    }

    [Theory]
    [InlineData("resp2")]
    [InlineData("resp3")]
    public async Task Hashes(string protocol)
    {
        await using var connection = await redis.ConnectAsync($",protocol={protocol}");
        var db = connection.GetDatabase();
        var key = Key("hash");

        Assert.True(await db.HashSetAsync(key, "a", "1"));
        Assert.False(await db.HashSetAsync(key, "a", "2"));
        Assert.False(await db.HashSetAsync(key, "a", "3", When.NotExists));
        Assert.Equal(1, await db.HashSetAsync(key, [new HashEntry("b", "x"), new HashEntry("a", "4")]));
        Assert.Equal("4", (string?)await db.HashGetAsync(key, "a"));
        Assert.True((await db.HashGetAsync(key, "zz")).IsNull);
        Assert.Equal(10, await db.HashIncrementAsync(key, "n", 10));
        Assert.Equal(3, await db.HashLengthAsync(key));
        var all = (await db.HashGetAllAsync(key)).ToDictionary(e => (string)e.Name!, e => (string?)e.Value);
        Assert.Equal(new Dictionary<string, string?> { ["a"] = "4", ["b"] = "x", ["n"] = "10" }, all);
        Assert.True(await db.HashDeleteAsync(key, "b"));
        Assert.False(await db.HashExistsAsync(key, "b"));
        Assert.Empty(await db.HashGetAllAsync(key + ":absent"));
    }

    [Theory]
    [InlineData("resp2")]
    [InlineData("resp3")]
    public async Task Sorted_sets(string protocol)
    {
        await using var connection = await redis.ConnectAsync($",protocol={protocol}");
        var db = connection.GetDatabase();
        var key = Key("zset");

        Assert.True(await db.SortedSetAddAsync(key, "rep-a", 3));
        Assert.True(await db.SortedSetAddAsync(key, "rep-b", 1));
        Assert.False(await db.SortedSetAddAsync(key, "rep-b", 2));
        Assert.Equal(5.5, await db.SortedSetIncrementAsync(key, "rep-a", 2.5));
        Assert.Equal(2, await db.SortedSetScoreAsync(key, "rep-b"));
        Assert.Null(await db.SortedSetScoreAsync(key, "nobody"));
        Assert.Equal(0, await db.SortedSetRankAsync(key, "rep-b"));
        Assert.Equal(0, await db.SortedSetRankAsync(key, "rep-a", Order.Descending));
        Assert.Null(await db.SortedSetRankAsync(key, "nobody"));
        Assert.Equal(2, await db.SortedSetLengthAsync(key));
        Assert.Equal(["rep-b", "rep-a"], (await db.SortedSetRangeByRankAsync(key)).Select(v => (string?)v));
        Assert.Equal(["rep-a", "rep-b"], (await db.SortedSetRangeByRankAsync(key, order: Order.Descending)).Select(v => (string?)v));
        Assert.Equal([new SortedSetEntry("rep-b", 2), new SortedSetEntry("rep-a", 5.5)], await db.SortedSetRangeByRankWithScoresAsync(key));
        Assert.Equal([new SortedSetEntry("rep-a", 5.5)], await db.SortedSetRangeByScoreWithScoresAsync(key, 3, double.PositiveInfinity));
        Assert.Equal([new SortedSetEntry("rep-b", 2)], await db.SortedSetRangeByScoreWithScoresAsync(key, take: 1));
        Assert.True(await db.SortedSetRemoveAsync(key, "rep-a"));
        Assert.Equal(1, await db.SortedSetLengthAsync(key));
    }

    [Fact]
    public async Task Default_database_is_selected_from_the_connection_string()
    {
        await using var db0 = await redis.ConnectAsync();
        await using var db5 = await redis.ConnectAsync(",defaultDatabase=5");
        var key = Key("selected");

        await db5.GetDatabase().StringSetAsync(key, "in five");

        Assert.Equal(5, db5.GetDatabase().Database);
        Assert.True((await db0.GetDatabase().StringGetAsync(key)).IsNull);
        Assert.Equal("in five", (string?)await db5.GetDatabase().StringGetAsync(key));
    }

    [Fact]
    public async Task Ping_measures_a_round_trip()
    {
        await using var connection = await redis.ConnectAsync();

        var latency = await connection.GetDatabase().PingAsync();

        Assert.InRange(latency, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(5));
    }
}
