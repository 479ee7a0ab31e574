using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using RevOps.Redis;
using RevOps.Routing.Bench;
using RevOps.Routing.Data;
using RevOps.Routing.Domain;

// `speed [rates...]`: LeadQualified to LeadAssigned through the running service (SpeedToRoute.cs).
if (args is ["speed", .. var rateArgs])
{
    await SpeedToRoute.RunAsync(rateArgs.Length == 0 ? [200, 1000] : [.. rateArgs.Select(a => int.Parse(a, CultureInfo.InvariantCulture))]);
    return;
}

// The routing decision alone: rule matching in-process, and the atomic choose script's round trip against a real
// redis-server over the service's own client (RevOps.Redis), each reported with the reference measured in the same run
// (a dictionary lookup; a PING round trip on the same connection).
const int Warmup = 2_000;
const int Samples = 20_000;

var rules = new RuleSet(Enumerable.Range(0, 20).Select(i => new RoutingRule
{
    Id = $"rule-{i}", TeamId = $"team-{i}", Countries = [$"C{i}", $"D{i}"], Industries = ["Fintech", "Retail"], MinScore = 40,
}), "inbound");
var lead = new LeadAttributes { Country = "ZZ", Industry = "Fintech", Score = 70 }; // falls through all 20 rules
var lookup = Enumerable.Range(0, 20).ToDictionary(i => $"C{i}", i => i);
var matchNs = MeasureInProcess(() => rules.Match(lead).TeamId.Length);
var lookupNs = MeasureInProcess(() => lookup.GetValueOrDefault("ZZ"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"rule match (20 rules, default team): {matchNs:F0} ns/op; dictionary lookup reference {lookupNs:F0} ns/op; ratio {matchNs / lookupNs:F1}x"));

var directory = Directory.CreateTempSubdirectory("routing-bench-redis-").FullName;
int port;
using (var probe = new TcpListener(IPAddress.Loopback, 0))
{
    probe.Start();
    port = ((IPEndPoint)probe.LocalEndpoint).Port;
}
using var redis = Process.Start(new ProcessStartInfo("/usr/bin/redis-server")
{
    ArgumentList = { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory },
    RedirectStandardOutput = true,
})!;
try
{
    await using var connection = await ConnectWhenReadyAsync(port);
    var cache = new RotationCache(new RedisScripting(connection));
    var team = new Team { Id = "bench", FallbackQueue = "overflow" };
    var reps = Enumerable.Range(1, 10).Select(i => new Rep
    {
        Id = $"rep-{i}", TeamId = team.Id, Weight = i, TimeZoneId = "UTC", MaxOpenLeads = int.MaxValue, DailyCap = int.MaxValue, WeeklyCap = int.MaxValue,
    }).ToArray();
    var now = DateTimeOffset.UtcNow;
    await cache.RestoreAsync(new TeamState(team, reps, new Dictionary<string, RepLoad>(), 0, new Dictionary<string, long>()), now, CancellationToken.None);

    var ping = await MeasureRoundTripsAsync(async () => await connection.GetDatabase().PingAsync());
    var choose = await MeasureRoundTripsAsync(() => cache.ChooseAsync(team.Id, reps, now, CancellationToken.None));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"choose.lua round trip (10 candidates): p50 {choose.P50:F3} ms, p99 {choose.P99:F3} ms; PING reference p50 {ping.P50:F3} ms, p99 {ping.P99:F3} ms; p99 ratio {choose.P99 / ping.P99:F1}x"));
    Console.WriteLine(choose.P99 < 1.0 ? "target met: decision p99 under 1 ms" : "target MISSED: decision p99 at or above 1 ms");
}
finally
{
    redis.Kill();
    redis.WaitForExit();
    Directory.Delete(directory, recursive: true);
}

static double MeasureInProcess(Func<int> operation)
{
    const int iterations = 2_000_000;
    var sink = 0;
    for (var i = 0; i < iterations / 10; i++)
        sink += operation();
    var watch = Stopwatch.StartNew();
    for (var i = 0; i < iterations; i++)
        sink += operation();
    watch.Stop();
    GC.KeepAlive(sink);
    return watch.Elapsed.TotalNanoseconds / iterations;
}

static async Task<(double P50, double P99)> MeasureRoundTripsAsync<T>(Func<Task<T>> operation)
{
    for (var i = 0; i < Warmup; i++)
        await operation();
    var millis = new double[Samples];
    for (var i = 0; i < Samples; i++)
    {
        var start = Stopwatch.GetTimestamp();
        await operation();
        millis[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
    Array.Sort(millis);
    return (millis[Samples / 2], millis[(int)(Samples * 0.99)]);
}

static async Task<RedisConnection> ConnectWhenReadyAsync(int port)
{
    var deadline = DateTime.UtcNow.AddSeconds(15);
    while (true)
    {
        try
        {
            return await RedisConnection.ConnectAsync($"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        }
        catch (RedisConnectionException) when (DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }
}
