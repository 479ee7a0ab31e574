using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using RevOps.Contracts.Events;
using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.Hosting;
using RevOps.Scoring.Bench;

namespace RevOps.Routing.Bench;

/// <summary>A message that only crosses the broker: the reference hop speed to route is compared with.</summary>
public sealed record BrokerPing(Guid Id);

/// <summary>
/// Speed to route: LeadQualified published on RabbitMQ to LeadAssigned received, through the routing service as its own process
/// on real PostgreSQL, Redis and RabbitMQ, at steady rates. The reference is a bare publish-to-consume hop through the same
/// broker by the same client at the same rate, measured in the same run.
/// </summary>
public static class SpeedToRoute
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(IReadOnlyList<int> rates)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { ForTesting = true });
        var routingdb = builder.AddPostgres("postgres").AddDatabase("routingdb");
        var redis = builder.AddRedis("redis");
        var messaging = builder.AddRabbitMQ("messaging");
        builder.AddProject<Projects.RevOps_Routing>("routing")
            .WithReference(routingdb).WithReference(redis).WithReference(messaging)
            .WaitFor(routingdb).WaitFor(redis).WaitFor(messaging);
        await using var app = builder.Build();
        await app.StartAsync();
        await app.ResourceNotifications.WaitForResourceHealthyAsync("routing");
        var processes = new[] { "routing", "postgres", "messaging", "redis" }
            .ToDictionary(name => name, name => app.ResourceNotifications.GetSnapshot(name).Pid!.Value, StringComparer.Ordinal);

        using (var channel = GrpcChannel.ForAddress(app.GetEndpoint("routing", "grpc")))
        {
            await AddRepsAsync(channel.CreateCallInvoker());
        }

        var arrived = new ConcurrentDictionary<Guid, Arrival>();
        await using var broker = await BenchBroker.ConnectAsync(new Uri((await app.GetConnectionStringAsync("messaging"))!),
            (id, decidedAt) => arrived[id] = new Arrival(Stopwatch.GetTimestamp(), decidedAt));
        Task Qualify(Guid leadId) => broker.PublishAsync(Guid.NewGuid(), "RevOps.Contracts.Events:LeadQualified", Qualified(leadId));
        Task Ping(Guid id) => broker.PublishAsync(id, "RevOps.Routing.Bench:BrokerPing", new BrokerPing(id), BenchBroker.PingExchange);

        // Warm-up at the highest rate asked: connection pools, Redis scripts, and the JIT's tiering, which after 10 s at 200/s still
        // took about a tenth of routing's CPU in the 1,000/s phase that followed. A service that has run for a while has none.
        await MeasureAsync(arrived, rates.Max(), TimeSpan.FromSeconds(20), Qualify);
        foreach (var rate in rates)
        {
            var (cpuAtRest, restStarted) = (Cpu(processes), Stopwatch.GetTimestamp());
            var reference = await MeasureAsync(arrived, rate, Duration, Ping);
            var rest = Stopwatch.GetElapsedTime(restStarted);
            var cpuBefore = Cpu(processes);
            var routeStart = Stopwatch.GetTimestamp();
            var route = await MeasureAsync(arrived, rate, Duration, Qualify);
            var cpuAfter = Cpu(processes);
            var routing = Stopwatch.GetElapsedTime(routeStart);
            var verdict = route.P99 < 25 ? "target met (p99 < 25 ms)" : "target MISSED (p99 >= 25 ms)";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{rate,5} leads/s: speed to route p50 {route.P50:F1} ms, p99 {route.P99:F1} ms ({route.Count} leads, {route.Missing} missing, {route.Throughput:F0}/s through); broker hop p50 {reference.P50:F1} ms, p99 {reference.P99:F1} ms; p99 ratio {route.P99 / reference.P99:F1}x; {verdict}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"             of which published to decided (LeadAssigned.OccurredAt) p50 {route.DecidedP50:F1} ms, p99 {route.DecidedP99:F1} ms; the rest is the transaction, the publish and the broker"));
            Console.WriteLine("             CPU per 1,000 leads: " + CpuSpent(cpuBefore, cpuAfter, route.Count / 1000.0));
            // The same processes while only broker pings flow: what they spend per second with no lead to route (timers,
            // pollers, autovacuum, the JIT), which a low rate divides among few leads.
            Console.WriteLine("             CPU per second with no lead to route: " + CpuSpent(cpuAtRest, cpuBefore, rest.TotalSeconds)
                + "; routing: " + CpuSpent(cpuBefore, cpuAfter, routing.TotalSeconds));
        }
    }

    private static LeadQualified Qualified(Guid leadId) => new()
    {
        EventId = Guid.NewGuid(), OccurredAt = DateTimeOffset.UtcNow, ContractVersion = 1, LeadId = leadId,
        Score = 80, FitScore = 50, BehaviourScore = 30, IcpFit = true, Region = "EMEA", Source = "web_form",
    };

    /// <summary>Publishes <paramref name="rate"/> messages a second for <paramref name="duration"/>, paced, then waits for each to arrive.</summary>
    private static async Task<Result> MeasureAsync(ConcurrentDictionary<Guid, Arrival> arrived, int rate, TimeSpan duration, Func<Guid, Task> publish)
    {
        var count = (int)(rate * duration.TotalSeconds);
        var sent = new (Guid Id, long At, DateTimeOffset Wall)[count];
        var publishes = new List<Task>(count);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            var ahead = due - Stopwatch.GetElapsedTime(start);
            if (ahead > TimeSpan.FromMilliseconds(1))
                await Task.Delay(ahead);
            var id = Guid.NewGuid();
            sent[i] = (id, Stopwatch.GetTimestamp(), DateTimeOffset.UtcNow);
            publishes.Add(publish(id));
        }
        await Task.WhenAll(publishes);
        var deadline = Stopwatch.GetTimestamp() + (long)(Drain.TotalSeconds * Stopwatch.Frequency);
        while (sent.Any(s => !arrived.ContainsKey(s.Id)) && Stopwatch.GetTimestamp() < deadline)
            await Task.Delay(100);

        var received = sent.Where(s => arrived.ContainsKey(s.Id)).ToArray();
        var millis = received.Select(s => Stopwatch.GetElapsedTime(s.At, arrived[s.Id].At).TotalMilliseconds).Order().ToArray();
        // The service stamps its decision with the same machine's wall clock the send time was read from.
        var decided = received.Where(s => arrived[s.Id].DecidedAt is not null)
            .Select(s => (arrived[s.Id].DecidedAt!.Value - s.Wall).TotalMilliseconds).Order().ToArray();
        var throughput = received.Length == 0 ? 0 : received.Length / Stopwatch.GetElapsedTime(start, received.Max(s => arrived[s.Id].At)).TotalSeconds;
        return new Result(millis.Length, count - millis.Length, Percentile(millis, 0.50), Percentile(millis, 0.99),
            Percentile(decided, 0.50), Percentile(decided, 0.99), throughput);
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, sorted.Length * p)];

    /// <summary>Ten reps in the team the leads go to, always at work, with room for every lead of the run.</summary>
    private static async Task AddRepsAsync(CallInvoker routing)
    {
        var upsert = Method.Create<UpsertRepRequest, RoutingRep>(RoutingReflection.Descriptor.Services[0].FindMethodByName("UpsertRep"));
        for (var i = 0; i < 10; i++)
        {
            var rep = new RoutingRep { Id = $"bench-rep-{i}", TeamId = "emea", Weight = 1 + (i % 3), TimeZone = "UTC", MaxOpenLeads = 1_000_000, Active = true };
            rep.WorkingHours.AddRange(Enumerable.Range(0, 7).Select(day => new WorkingPeriod { Day = day, Start = "00:00", End = "00:00" }));
            await routing.AsyncUnaryCall(upsert, null, default, new UpsertRepRequest { Rep = rep });
        }
    }

    /// <summary>CPU each process tree used so far, and this bench process (the publisher and consumer) as "bench".</summary>
    private static Dictionary<string, TimeSpan> Cpu(Dictionary<string, int> processes)
    {
        var cpu = processes.ToDictionary(p => p.Key, p => ProcessCpu.OfTree(p.Value), StringComparer.Ordinal);
        cpu["bench"] = Process.GetCurrentProcess().TotalProcessorTime;
        return cpu;
    }

    /// <summary>Each process's CPU between the two samples, divided by <paramref name="per"/> (leads in thousands, or seconds).</summary>
    private static string CpuSpent(Dictionary<string, TimeSpan> before, Dictionary<string, TimeSpan> after, double per) =>
        string.Join(", ", after.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {(c.Value - before[c.Key]).TotalMilliseconds / per:F0} ms")));

    private sealed record Arrival(long At, DateTimeOffset? DecidedAt);

    private sealed record Result(int Count, int Missing, double P50, double P99, double DecidedP50, double DecidedP99, double Throughput);
}
