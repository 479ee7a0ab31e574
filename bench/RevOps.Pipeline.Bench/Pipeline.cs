using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using MassTransit;
using Npgsql;
using Microsoft.Extensions.Hosting;
using RevOps.Contracts.Events;
using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.Hosting;
using RevOps.RevenueContract;
using RevOps.Simulator.Running;

namespace RevOps.Pipeline.Bench;

/// <summary>
/// One run of the ladder: the AppHost's own graph (without the simulator) started on loopback by the test host, reps
/// registered with routing, a MassTransit consumer of LeadAssigned in this process, then each rate in turn (<see cref="Step"/>).
/// For one scoring replica the graph is the same and scoring-1 is stopped before any load, so both runs call scoring through
/// the same replica proxy (which skips a replica whose process is down) and differ only in the replicas behind it.
/// </summary>
internal sealed partial class Pipeline
{
    public const string BenchQueuePrefix = "bench-";
    public const string AssignedQueue = BenchQueuePrefix + "pipeline-lead-assigned";

    /// <summary>The processes measured, by resource name; scoring-1 only with two replicas.</summary>
    public static readonly string[] Processes = ["scoring-0", "scoring-1", "routing", "sla", "reporting", "postgres", "redis", "messaging"];

    private static readonly string[] Services = ["scoring-0", "scoring-1", "routing", "sla", "reporting"];
    private static readonly string[] Followers = ["routing", "sla", "reporting"];
    private static readonly string[] Databases = ["scoringdb", "routingdb", "sladb", "reportingdb"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    private Pipeline(BenchOptions options, int replicas, DistributedApplication app, CallInvoker scoring, VisibilityProbes probes,
        ConcurrentDictionary<Guid, Assignment> assignments, RabbitQueues queues, ContractDocument contract)
    {
        Options = options;
        Replicas = replicas;
        App = app;
        Scoring = scoring;
        Probes = probes;
        Assignments = assignments;
        Queues = queues;
        Contract = contract;
    }

    public BenchOptions Options { get; }
    public int Replicas { get; }
    public DistributedApplication App { get; }
    public CallInvoker Scoring { get; }
    public VisibilityProbes Probes { get; }
    public ConcurrentDictionary<Guid, Assignment> Assignments { get; }
    public RabbitQueues Queues { get; }
    public ContractDocument Contract { get; }

    /// <summary>The pid of each measured process now (its resource's snapshot).</summary>
    public IReadOnlyDictionary<string, int> Pids()
    {
        var pids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var snapshot in App.ResourceNotifications.GetSnapshots())
        {
            if (snapshot.Pid is { } pid && Processes.Contains(snapshot.Name))
                pids[snapshot.Name] = pid;
        }
        return pids;
    }

    public static async Task<RunResult> RunAsync(BenchOptions options, int replicas, CancellationToken ct)
    {
        Progress.Write($"{replicas} scoring replica(s): starting the AppHost graph (--no-simulator) on loopback");
        var started = Stopwatch.GetTimestamp();
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.RevOps_AppHost>(["--no-simulator"], ct);
        var app = await appHost.BuildAsync(ct);
        await using (app)
        {
            await app.StartAsync(ct);
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                timeout.CancelAfter(StartTimeout);
                foreach (var name in Services)
                    await app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
                await WaitForContractAsync(app, timeout.Token);
            }
            if (replicas == 1)
            {
                await app.StopResourceAsync("scoring-1", ct);
                Progress.Write($"stopped scoring-1: the scoring proxy now has one replica behind it");
            }
            var startup = Stopwatch.GetElapsedTime(started).TotalSeconds;
            Progress.Write($"graph healthy after {startup:0.0} s; data in {app.DataDirectory}");

            using var scoringChannel = GrpcChannel.ForAddress(app.GetEndpoint("scoring", "grpc"));
            using var routingChannel = GrpcChannel.ForAddress(app.GetEndpoint("routing", "grpc"));
            using var reportingChannel = GrpcChannel.ForAddress(app.GetEndpoint("reporting", "grpc"));
            var scoring = scoringChannel.CreateCallInvoker();
            var active = await Calls.UnaryAsync<GetActiveContractRequest, ContractVersionInfo>(scoring, ContractReflection.Descriptor, "GetActive", new GetActiveContractRequest(), ct);
            var contract = ContractLoader.Load(active.Yaml);
            var reps = await RegisterRepsAsync(routingChannel.CreateCallInvoker(), contract, options.RepsPerTeam, ct);
            Progress.Write($"registered {reps} reps ({options.RepsPerTeam} per team of contract v{contract.Version}), around the clock");

            var assignments = new ConcurrentDictionary<Guid, Assignment>();
            var broker = new Uri((await app.GetConnectionStringAsync("messaging", ct))!);
            var bus = CreateBus(broker, assignments);
            await bus.StartAsync(ct);
            try
            {
                var messagingPid = app.ResourceNotifications.GetSnapshot("messaging").Pid
                    ?? throw new InvalidOperationException("RabbitMQ has no process.");
                await using var queues = await RabbitQueues.ConnectAsync(messagingPid, broker, ct);
                // Ten days back, to the second: no other lead of this fresh graph is captured there.
                var window = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(-10).ToUnixTimeSeconds());
                var probes = new VisibilityProbes(reportingChannel.CreateCallInvoker(), window, TimeSpan.FromMilliseconds(options.VisibilityPollMilliseconds));
                using var stopProbes = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var poller = probes.RunAsync(stopProbes.Token);
                var pipeline = new Pipeline(options, replicas, app, scoring, probes, assignments, queues, contract);

                var steps = new List<StepResult>();
                var notRun = new List<int>();
                try
                {
                    if (options.WarmupSeconds > 0)
                    {
                        Progress.Write($"warm-up: {options.WarmupRate} leads/s for {options.WarmupSeconds} s (not reported)");
                        var warm = await Step.RunAsync(pipeline, options.WarmupRate, options.WarmupSeconds, seed: options.Seed + 1000, ct);
                        Progress.Write($"warm-up: {warm.Succeeded} leads, {warm.AssignedInDrain}/{warm.Qualified} assigned, speed to route p99 {warm.SpeedToRoute.Percentile(99):0.0} ms");
                    }
                    await AnalyzeAsync(app, ct);
                    for (var i = 0; i < options.Rates.Count; i++)
                    {
                        var rate = options.Rates[i];
                        var result = await Step.RunAsync(pipeline, rate, options.StepSeconds, seed: options.Seed + i + 1, ct);
                        steps.Add(result);
                        if (!result.Sustained && !options.AllSteps)
                        {
                            notRun.AddRange(options.Rates.Skip(i + 1));
                            if (notRun.Count > 0)
                                Progress.Write($"{rate} leads/s was not sustained ({result.Verdict}); skipping {string.Join(", ", notRun)} (--all-steps runs them)");
                            break;
                        }
                    }
                }
                finally
                {
                    await stopProbes.CancelAsync();
                    await poller;
                }

                var finalQueues = await queues.ListAsync(ct);
                var restarts = app.ResourceNotifications.GetSnapshots()
                    .Where(s => s.Restarts > 0 && s.Name != "scoring")
                    .ToDictionary(s => s.Name, s => s.Restarts, StringComparer.Ordinal);
                var logs = ScanLogs(app.DataDirectory);
                if (options.LogsDirectory is { } keep)
                    CopyLogs(app.DataDirectory, Path.Combine(keep, $"{replicas}-replicas"));
                return new RunResult(replicas, steps, notRun, startup, reps, logs, restarts, finalQueues, probes.CallStats, probes.LastError);
            }
            finally
            {
                await bus.StopAsync(CancellationToken.None);
                Progress.Write($"stopping the graph");
            }
        }
    }

    /// <summary>
    /// Gives every table statistics, as autovacuum's first round does within a minute of a service's first writes. Without
    /// them, the plans the services' prepared statements cached while the tables were nearly empty (sequential scans) stay
    /// until that round, and a fresh graph's first minute is all this bench would measure.
    /// </summary>
    private static async Task AnalyzeAsync(DistributedApplication app, CancellationToken ct)
    {
        foreach (var database in Databases)
        {
            await using var connection = new NpgsqlConnection(await app.GetConnectionStringAsync(database, ct));
            await connection.OpenAsync(ct);
            await using var analyze = new NpgsqlCommand("ANALYZE", connection);
            await analyze.ExecuteNonQueryAsync(ct);
        }
        Progress.Write($"analyzed {string.Join(", ", Databases)}");
    }

    /// <summary>Each follower's /health says which contract it judges by; routing needs it confirmed before it can route.</summary>
    private static async Task WaitForContractAsync(DistributedApplication app, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        foreach (var service in Followers)
        {
            while (true)
            {
                using var response = await http.GetAsync(new Uri(app.GetEndpoint(service, "http"), "/health"), ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                    if (health.RootElement.TryGetProperty("checks", out var checks) && checks.TryGetProperty("contract", out var contract)
                        && contract.GetProperty("description").GetString() is { } text && text.EndsWith("confirmed by scoring", StringComparison.Ordinal))
                        break;
                }
                await Task.Delay(200, ct);
            }
        }
    }

    /// <summary>
    /// The simulator's roster (RepsPerTeam reps per team of the shipped contract, around the clock), with room for every lead a
    /// run can give them: routing's capacity rules are not what this benchmark measures.
    /// </summary>
    private static async Task<int> RegisterRepsAsync(CallInvoker routing, ContractDocument contract, int repsPerTeam, CancellationToken ct)
    {
        var roster = SimulatedReps.Roster(contract, repsPerTeam);
        foreach (var rep in roster)
        {
            var roomy = rep.Clone();
            roomy.MaxOpenLeads = 100_000_000;
            await Calls.UnaryAsync<UpsertRepRequest, RoutingRep>(routing, RoutingReflection.Descriptor, "UpsertRep", new UpsertRepRequest { Rep = roomy }, ct);
        }
        return roster.Count;
    }

    private static IBusControl CreateBus(Uri broker, ConcurrentDictionary<Guid, Assignment> assignments)
    {
        return Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.UseBroker(broker);
            // Its own queue, bound to the LeadAssigned exchange when the bus starts, before any load.
            rabbit.ReceiveEndpoint(AssignedQueue, e =>
            {
                e.PrefetchCount = 1000;
                e.Handler<LeadAssigned>(context =>
                {
                    var message = context.Message;
                    if (!message.IsReassignment)
                    {
                        var at = Stopwatch.GetTimestamp();
                        assignments.AddOrUpdate(message.LeadId,
                            _ => new Assignment(at, message.OwnerRepId is null, 1),
                            (_, first) => first with { Count = first.Count + 1 });
                    }
                    return Task.CompletedTask;
                });
            });
        });
    }

    private static readonly string[] ErrorMarks = [" fail: ", " crit: ", "ERROR:", "FATAL:", "PANIC:", "[error]", "Unhandled exception"];
    private static readonly string[] WarningMarks = [" warn: ", "WARNING:", "[warning]"];

    /// <summary>Counts warning and error lines in each resource's log (logs/&lt;resource&gt;.log under the data folder).</summary>
    private static List<LogSummary> ScanLogs(string dataDirectory)
    {
        var summaries = new List<LogSummary>();
        var folder = Path.Combine(dataDirectory, "logs");
        if (!Directory.Exists(folder))
            return summaries;
        foreach (var file in Directory.GetFiles(folder, "*.log").Order(StringComparer.Ordinal))
        {
            int warnings = 0, errors = 0;
            var samples = new List<string>();
            using var reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            while (reader.ReadLine() is { } raw)
            {
                var line = Ansi().Replace(raw, "");
                if (ErrorMarks.Any(m => line.Contains(m, StringComparison.Ordinal)))
                {
                    errors++;
                    var sample = line.Length > 240 ? line[..240] + "…" : line;
                    if (samples.Count < 3 && !samples.Any(s => SameMessage(s, sample)))
                        samples.Add(sample);
                }
                else if (WarningMarks.Any(m => line.Contains(m, StringComparison.Ordinal)))
                {
                    warnings++;
                    var sample = line.Length > 240 ? line[..240] + "…" : line;
                    if (samples.Count < 3 && errors == 0 && !samples.Any(s => SameMessage(s, sample)))
                        samples.Add(sample);
                }
            }
            if (warnings + errors > 0)
                summaries.Add(new LogSummary(Path.GetFileNameWithoutExtension(file), warnings, errors, samples));
        }
        return summaries;
    }

    [System.Text.RegularExpressions.GeneratedRegex("\u001b\\[[0-9;]*m")]
    private static partial System.Text.RegularExpressions.Regex Ansi();

    // Lines differ in their timestamp; compare what follows it.
    private static bool SameMessage(string a, string b) => string.Equals(a[Math.Min(a.Length, 13)..], b[Math.Min(b.Length, 13)..], StringComparison.Ordinal);

    private static void CopyLogs(string dataDirectory, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(Path.Combine(dataDirectory, "logs"), "*.log"))
        {
            using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var copy = File.Create(Path.Combine(target, Path.GetFileName(file)));
            source.CopyTo(copy);
        }
        Progress.Write($"logs copied to {target}");
    }
}

/// <summary>The first LeadAssigned (not a reassignment) the bench received for a lead, and how many such it received.</summary>
internal sealed record Assignment(long At, bool ToFallbackQueue, int Count);
