using System.Numerics;
using RevOps.Redis.Tests.Infrastructure;

namespace RevOps.Redis.Tests;

public class ReplyTypeTests(SharedRedisServer redis)
{
    private static string Key(string name) => $"{name}:{Guid.NewGuid():N}";

    [Fact]
    public async Task Resp3_is_negotiated_by_default()
    {
        await using var connection = await redis.ConnectAsync();

        Assert.Equal(RedisProtocol.Resp3, connection.Protocol);
        var hello = await connection.GetDatabase().ExecuteAsync("HELLO");
        Assert.Equal(ResultType.Map, hello.Type);
        Assert.Equal(3, (long)hello.ToDictionary()["proto"]);
    }

    [Fact]
    public async Task Resp2_replies_of_every_type_arrive_intact()
    {
        await using var connection = await redis.ConnectAsync(",protocol=resp2");
        var db = connection.GetDatabase();
        var key = Key("resp2");

        Assert.Equal(RedisProtocol.Resp2, connection.Protocol);
        var simple = await db.ExecuteAsync("SET", key, "v");
        Assert.Equal((ResultType.SimpleString, "OK"), (simple.Type, (string?)simple));
        var integer = await db.ExecuteAsync("INCRBY", key + ":n", 41);
        Assert.Equal((ResultType.Integer, 41L), (integer.Type, (long)integer));
        var bulk = await db.ExecuteAsync("GET", key);
        Assert.Equal((ResultType.BulkString, "v"), (bulk.Type, (string?)bulk));
        Assert.True((await db.ExecuteAsync("GET", key + ":missing")).IsNull);
        var nullArray = await db.ExecuteAsync("BLPOP", key + ":list", "0.01");
        Assert.True(nullArray.IsNull);
        var nested = await db.ExecuteAsync("EVAL", "return {1, {2, 'x', {}}, 'y'}", 0);
        Assert.Equal(ResultType.Array, nested.Type);
        Assert.Equal("[1, [2, x, []], y]", nested.ToString());
        var error = await Assert.ThrowsAsync<RedisServerException>(async () => await db.ExecuteAsync("INCR", key));
        Assert.Equal("ERR", error.ErrorCode);
        Assert.Equal(ResultType.Error, (await db.ExecuteAsync("EVAL", "return {redis.error_reply('MINE nested')}", 0))[0].Type);
    }

    [Fact]
    public async Task Resp3_replies_of_every_type_arrive_intact()
    {
        await using var connection = await redis.ConnectAsync();
        var db = connection.GetDatabase();
        var key = Key("resp3");
        await db.HashSetAsync(key + ":h", [new HashEntry("f1", "a"), new HashEntry("f2", "b")]);
        await db.ExecuteAsync("SADD", key + ":s", "m1", "m2");
        await db.SortedSetAddAsync(key + ":z", "m", 2.5);

        var map = await db.ExecuteAsync("HGETALL", key + ":h");
        Assert.Equal(ResultType.Map, map.Type);
        Assert.Equal("b", (string?)map.ToDictionary()["f2"]);
        var set = await db.ExecuteAsync("SMEMBERS", key + ":s");
        Assert.Equal(ResultType.Set, set.Type);
        Assert.Equal(["m1", "m2"], ((RedisResult[])set!).Select(r => (string)r!).Order());
        var dbl = await db.ExecuteAsync("ZSCORE", key + ":z", "m");
        Assert.Equal((ResultType.Double, 2.5), (dbl.Type, (double)dbl));
        var yes = await db.ExecuteAsync("EVAL", "redis.setresp(3); return true", 0);
        var no = await db.ExecuteAsync("EVAL", "redis.setresp(3); return false", 0);
        Assert.Equal((ResultType.Boolean, true, false), (yes.Type, (bool)yes, (bool)no));
        var big = await db.ExecuteAsync("EVAL", "return {big_number='123456789012345678901234567890'}", 0);
        Assert.Equal(ResultType.BigNumber, big.Type);
        Assert.Equal(BigInteger.Parse("123456789012345678901234567890", System.Globalization.CultureInfo.InvariantCulture), (BigInteger)big);
        var verbatim = await db.ExecuteAsync("INFO", "server");
        Assert.Equal(ResultType.VerbatimString, verbatim.Type);
        Assert.StartsWith("# Server", (string?)verbatim, StringComparison.Ordinal);
        var nothing = await db.ExecuteAsync("GET", key + ":missing");
        Assert.Equal(ResultType.Null, nothing.Type);
        Assert.True((await db.StringGetAsync(key + ":missing")).IsNull);
    }

    [Fact]
    public async Task Push_frames_are_surfaced_and_do_not_shift_replies()
    {
        await using var connection = await redis.ConnectAsync();
        var db = connection.GetDatabase();
        var key = Key("tracked");
        var invalidated = new TaskCompletionSource<RedisResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.PushReceived += (_, push) => invalidated.TrySetResult(push);

        await db.ExecuteAsync("CLIENT", "TRACKING", "on");
        await db.StringGetAsync(key);
        Assert.True(await db.StringSetAsync(key, "new"));
        // The invalidation push arrives between replies; the next reply must still be this GET's.
        Assert.Equal("new", (string?)await db.StringGetAsync(key));

        var push = await invalidated.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(ResultType.Push, push.Type);
        Assert.Equal("invalidate", (string?)push[0]);
        Assert.Equal(key, (string?)push[1][0]);
    }

    [Fact]
    public async Task Binary_keys_and_values_round_trip_byte_for_byte()
    {
        await using var connection = await redis.ConnectAsync();
        var db = connection.GetDatabase();
        var key = new byte[] { 0, 13, 10, 255, 42 };
        var value = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        await db.StringSetAsync(key, value);

        Assert.Equal(value, (byte[]?)await db.StringGetAsync(key));
    }
}
