using System.Diagnostics;
using System.Globalization;
using RevOps.Redis;
using RevOps.Redis.Bench;

// Compares RevOps.Redis with redis-benchmark on the same server in the same run:
// GET/SET of 64-byte values and an EVALSHA, with 1, 16 and 64 concurrent callers.
// Usage: dotnet run -c Release --project bench/RevOps.Redis.Bench [seconds-per-case]
var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 2.0;
int[] callerCounts = [1, 16, 64];

await using var server = await RedisServerProcess.StartAsync();
await using var connection = await RedisConnection.ConnectAsync($"127.0.0.1:{server.Port}");
var db = connection.GetDatabase();
var script = await connection.LoadScriptAsync(new LuaScript("return redis.call('INCR', KEYS[1])"));
var value = new byte[64];
Random.Shared.NextBytes(value);
const string Key = "key:__rand_int__";
RedisKey key = Key;
const string CounterKey = "bench:counter";
RedisKey[] scriptKeys = [CounterKey];
await db.StringSetAsync(key, value);

// Each case returns the client's ValueTask directly, so the bench adds no allocation of its own.
var cases = new (string Name, Func<int, TimeSpan, Task<Measurement>> Run, string[] ToolCommand)[]
{
    ("SET", (c, d) => RunClientAsync(() => db.StringSetAsync(key, value), c, d), ["-d", "64", "-t", "set"]),
    ("GET", (c, d) => RunClientAsync(() => db.StringGetAsync(key), c, d), ["-d", "64", "-t", "get"]),
    ("EVALSHA", (c, d) => RunClientAsync(() => db.ScriptEvaluateAsync(script.Script, scriptKeys), c, d), ["EVALSHA", script.Sha1, "1", CounterKey]),
};

Console.WriteLine($"redis-server 127.0.0.1:{server.Port}, {Environment.ProcessorCount} cores, {seconds} s per case, load average {LoadAverage()}");
Console.WriteLine();
Console.WriteLine("| op | callers | RevOps ops/s | p50 ms | p99 ms | B/op | redis-benchmark -P 1 ops/s (p50/p99) | ratio | redis-benchmark -P 16 ops/s | ratio |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var (name, run, toolCommand) in cases)
{
    foreach (var callers in callerCounts)
    {
        await run(callers, TimeSpan.FromSeconds(0.3)); // warm-up: JIT, pools
        var ours = await run(callers, TimeSpan.FromSeconds(seconds));
        long requests = Math.Max(10_000, (long)(ours.OpsPerSecond * seconds));
        var plain = await RedisBenchmarkTool.RunAsync(server.Port, callers, 1, requests, toolCommand);
        var pipelined = await RedisBenchmarkTool.RunAsync(server.Port, callers, 16, requests * 3, toolCommand);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {callers} | {ours.OpsPerSecond:N0} | {ours.P50Ms:F3} | {ours.P99Ms:F3} | {ours.BytesPerOp:F0} | " +
            $"{plain.OpsPerSecond:N0} ({plain.P50Ms:F3}/{plain.P99Ms:F3}) | {ours.OpsPerSecond / plain.OpsPerSecond:P0} | " +
            $"{pipelined.OpsPerSecond:N0} | {ours.OpsPerSecond / pipelined.OpsPerSecond:P0} |"));
    }
}

static async Task<Measurement> RunClientAsync<T>(Func<ValueTask<T>> op, int callers, TimeSpan duration)
{
    var histograms = Enumerable.Range(0, callers).Select(_ => new LatencyHistogram()).ToArray();
    long stopAt = 0;
    using var go = new ManualResetEventSlim();
    var workers = histograms.Select(histogram => Task.Run(async () =>
    {
        go.Wait();
        while (Stopwatch.GetTimestamp() < Volatile.Read(ref stopAt))
        {
            long started = Stopwatch.GetTimestamp();
            await op();
            histogram.Record(started);
        }
    })).ToArray();
    GC.Collect();
    long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    long begin = Stopwatch.GetTimestamp();
    Volatile.Write(ref stopAt, begin + (long)(duration.TotalSeconds * Stopwatch.Frequency));
    go.Set();
    await Task.WhenAll(workers);
    var elapsed = Stopwatch.GetElapsedTime(begin);
    long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    var total = new LatencyHistogram();
    foreach (var histogram in histograms)
    {
        total.Add(histogram);
    }
    return new Measurement(total.Count / elapsed.TotalSeconds, total.PercentileMs(50), total.PercentileMs(99), (double)allocated / total.Count);
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

internal sealed record Measurement(double OpsPerSecond, double P50Ms, double P99Ms, double BytesPerOp);
