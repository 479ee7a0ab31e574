using System.Globalization;
using RevOps.Grpc;
using RevOps.Grpc.Bench;

// Unary calls with a small message at 1/16/64/256 concurrent streams, h2load against four servers, ratios to bare Kestrel.
var root = FindRoot();
var benchDirectory = Path.Combine(root, "bench", "RevOps.Grpc.Bench");
var proto = Path.Combine(benchDirectory, "Protos", "revops", "bench", "v1", "bench.proto");
var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var only = args.Length > 2 ? args[2].Split(',') : null;
int[] streamCounts = [1, 16, 64, 256];
var bodyFile = Path.GetTempFileName();
await File.WriteAllBytesAsync(bodyFile, Payloads.Frame(Payloads.Request));

var servers = new (string Name, Func<int, Task<IAsyncDisposable>> Start)[]
{
    ("bare Kestrel", Servers.StartBareKestrelAsync),
    ("RevOps.Grpc", Servers.StartOursAsync),
    ("@grpc/grpc-js", port => Servers.StartPeerAsync("node", Path.Combine(benchDirectory, "peers", "node"), "bench_server.js", proto, port.ToString(CultureInfo.InvariantCulture))),
    ("python3-grpcio", port => Servers.StartPeerAsync("/usr/bin/python3", Path.Combine(benchDirectory, "peers"), "bench_server.py", proto, port.ToString(CultureInfo.InvariantCulture))),
};

// All servers stay up and each stream count runs them in turn, so drift in this shared machine's load hits them alike.
var running = new List<(string Name, int Port, IAsyncDisposable Server)>();
servers = servers.Where(s => s.Name == "bare Kestrel" || only is null || only.Contains(s.Name)).ToArray();
foreach (var (name, start) in servers)
{
    var port = Servers.FreePort();
    running.Add((name, port, await start(port)));
    await CheckRepliesAsync(port);
}
foreach (var (name, port, _) in running)
{
    // Warm-up so tiered JIT and connection set-up are behind every measured run.
    await H2Load.RunAsync(port, 64, 1, bodyFile);
}
// Several short rounds, each cell reported as its median round: other processes' bursts hit single runs, not medians.
var samples = new Dictionary<(string Server, int Streams), List<LoadResult>>();
for (var round = 0; round < rounds; round++)
{
    foreach (var streams in streamCounts)
    {
        foreach (var (name, port, _) in running)
        {
            var result = await H2Load.RunAsync(port, streams, seconds, bodyFile);
            (samples.TryGetValue((name, streams), out var list) ? list : samples[(name, streams)] = []).Add(result);
            Console.Error.WriteLine($"round {round + 1}: {name} @ {streams}: {result}");
        }
    }
}
var results = samples.ToDictionary(s => s.Key, s => s.Value.OrderBy(r => r.RequestsPerSecond).ElementAt(s.Value.Count / 2));
foreach (var (_, _, server) in running)
{
    await server.DisposeAsync();
}

var clientPort = Servers.FreePort();
LoadResult ourClient;
await using (await Servers.StartOursAsync(clientPort))
{
    ourClient = await ClientLoad.RunAsync(new Uri($"http://127.0.0.1:{clientPort}"), 64, seconds);
}
File.Delete(bodyFile);

Console.WriteLine($"Unary Score call, {Payloads.Frame(Payloads.Request).Length}-byte request frame; median of {rounds} rounds of {seconds} s per cell (after a 300 ms warm-up per run); h2load -t 1; load {Environment.ProcessorCount} cores shared with other work.");
Console.WriteLine();
Console.WriteLine("| server | streams | req/s | p50 ms | p99 ms | failed | vs bare Kestrel |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
foreach (var (name, _) in servers)
{
    foreach (var streams in streamCounts)
    {
        var r = results[(name, streams)];
        var ratio = r.RequestsPerSecond / results[("bare Kestrel", streams)].RequestsPerSecond;
        Console.WriteLine(FormattableString.Invariant($"| {name} | {streams} | {r.RequestsPerSecond:F0} | {r.P50Ms:F2} | {r.P99Ms:F2} | {r.Failed} | {ratio:P0} |"));
    }
}
Console.WriteLine();
if (!results.ContainsKey(("RevOps.Grpc", 64)))
{
    return;
}
var h2loadOurs = results[("RevOps.Grpc", 64)];
Console.WriteLine("| load client vs RevOps.Grpc server, 64 streams | req/s | p50 ms | p99 ms | failed |");
Console.WriteLine("|---|---:|---:|---:|---:|");
Console.WriteLine(FormattableString.Invariant($"| h2load | {h2loadOurs.RequestsPerSecond:F0} | {h2loadOurs.P50Ms:F2} | {h2loadOurs.P99Ms:F2} | {h2loadOurs.Failed} |"));
Console.WriteLine(FormattableString.Invariant($"| RevOps.Grpc client | {ourClient.RequestsPerSecond:F0} | {ourClient.P50Ms:F2} | {ourClient.P99Ms:F2} | {ourClient.Failed} |"));

// Every server must really answer the call before its numbers count.
static async Task CheckRepliesAsync(int port)
{
    using var channel = GrpcChannel.ForAddress(new Uri($"http://127.0.0.1:{port}"));
    var method = Method.Create<ScoreRequest, ScoreReply>(BenchReflection.Descriptor.Services[0].Methods[0]);
    var reply = await channel.CreateCallInvoker().AsyncUnaryCall(method, null, default, Payloads.Request);
    if (!reply.Equals(Payloads.Reply))
    {
        throw new InvalidOperationException($"Server on port {port} answered {reply}, expected {Payloads.Reply}.");
    }
}

static string FindRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "RevOps.sln")))
        {
            return directory.FullName;
        }
    }
    throw new InvalidOperationException("RevOps.sln not found.");
}
