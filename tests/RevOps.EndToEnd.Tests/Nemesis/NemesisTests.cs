using System.Diagnostics;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.Hosting;

namespace RevOps.EndToEnd.Tests.Nemesis;

/// <summary>
/// Jepsen's total-queue check for the whole pipeline: leads arrive at a steady rate while a nemesis kills -9 one process
/// after another; then everything heals, drains, and each service's own tables and the scorecard's funnel must hold every
/// acknowledged lead exactly once. The report (a markdown table) goes to the test output and TestResults/nemesis-report.md.
/// </summary>
public sealed class NemesisTests
{
    private const string Team = "inbound_general";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Every_acknowledged_lead_is_captured_scored_assigned_clocked_and_counted_once_while_processes_are_killed()
    {
        var options = NemesisOptions.FromEnvironment();
        var runId = $"chaos-{DateTime.UtcNow:yyyyMMddHHmmss}";
        var log = new StringBuilder();
        void Log(string line)
        {
            lock (log)
            {
                log.AppendLine($"{DateTime.UtcNow:HH:mm:ss.f} {line}");
            }
            TestContext.Current.TestOutputHelper?.WriteLine(line);
        }
        Log($"nemesis run {runId}: {options.Duration.TotalSeconds:0} s at {options.Rate} leads/s, seed {options.Seed} (CHAOS_SEED replays the faults)");

        var ct = TestContext.Current.CancellationToken;
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.RevOps_AppHost>(["--no-simulator"], ct);
        await using var app = await appHost.BuildAsync(ct);
        using (var starting = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            starting.CancelAfter(StartTimeout);
            await app.StartAsync(starting.Token);
            await Task.WhenAll(app.ResourceNotifications.GetSnapshots().Select(s => app.ResourceNotifications.WaitForResourceHealthyAsync(s.Name, starting.Token)));
        }
        using var scoringChannel = GrpcChannel.ForAddress(app.GetEndpoint("scoring", "grpc"));
        using var routingChannel = GrpcChannel.ForAddress(app.GetEndpoint("routing", "grpc"));
        using var reportingChannel = GrpcChannel.ForAddress(app.GetEndpoint("reporting", "grpc"));
        await RegisterRepsAsync(routingChannel.CreateCallInvoker(), ct);

        var load = new LeadLoad(scoringChannel.CreateCallInvoker(), runId, options);
        var nemesis = new FaultInjector(app, options, Log);
        var clock = Stopwatch.StartNew();
        using (var window = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            var sending = load.RunAsync(window.Token, ct);
            await nemesis.RunAsync(ct);
            await window.CancelAsync();
            await sending;
        }
        Log($"load: {load.Sent} leads sent, {load.Acknowledged.Count} acknowledged, {load.GivenUp.Count} given up after retrying; " +
            $"first tries that failed: {string.Join(", ", load.FirstTryFailures.Select(f => $"{f.Key} {f.Value}"))}");

        // Heal is done (the injector returns with its last target healthy); drain until every stage holds every lead, or time runs out.
        var acknowledged = load.Acknowledged.Values.ToHashSet(StringComparer.Ordinal);
        await using var ledger = new Ledger(app, runId);
        var drained = Stopwatch.StartNew();
        IReadOnlyList<StageCount> counts = [];
        FunnelCounts funnel = default;
        using (var draining = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            draining.CancelAfter(DrainTimeout);
            try
            {
                while (true)
                {
                    try
                    {
                        counts = await ledger.CountAsync(acknowledged, draining.Token);
                        funnel = await FunnelAsync(reportingChannel.CreateCallInvoker(), runId, draining.Token);
                        if (counts.All(c => c.Lost == 0) && funnel.Assigned == acknowledged.Count)
                        {
                            break;
                        }
                    }
                    catch (Exception e) when (e is RpcException or Npgsql.NpgsqlException && !draining.IsCancellationRequested)
                    {
                        Log($"drain: {e.GetType().Name} while counting ({e.Message}); counting again");
                    }
                    await Task.Delay(TimeSpan.FromSeconds(1), draining.Token);
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                Log($"drain: not whole after {DrainTimeout.TotalSeconds:0} s; counting what is there");
            }
        }
        Log($"drain: {drained.Elapsed.TotalSeconds:0.0} s after the load stopped ({clock.Elapsed.TotalSeconds:0} s in all); " +
            $"unpublished outbox rows: {await ledger.UnpublishedAsync(ct)}");

        var report = new StringBuilder()
            .AppendLine($"# Nemesis run {runId}")
            .AppendLine()
            .AppendLine($"{options.Duration.TotalSeconds:0} s at {options.Rate} leads/s, seed {options.Seed}: {load.Sent} leads sent, {load.Acknowledged.Count} acknowledged, " +
                $"{load.GivenUp.Count} given up; first tries failed: {(load.FirstTryFailures.IsEmpty ? "none" : string.Join(", ", load.FirstTryFailures.Select(f => $"{f.Key} × {f.Value}")))} (each retried with the same key).")
            .AppendLine()
            .AppendLine($"Faults ({nemesis.Faults.Count}): {string.Join(", ", nemesis.Faults.Select(f => $"{f.Target} ({f.Outage.TotalSeconds:0.0} s to healthy)"))}.")
            .AppendLine()
            .Append(Ledger.Markdown(counts))
            .AppendLine($"| funnel (GetFunnel, campaign {runId}) | captured {funnel.Captured}, MQL {funnel.Mql}, assigned {funnel.Assigned} | | | | |")
            .AppendLine()
            .AppendLine("```")
            .Append(log)
            .AppendLine("```");
        // Every process's console log beside the report, for reading what happened around each fault.
        var results = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults")).FullName;
        var logs = Directory.CreateDirectory(Path.Combine(results, "nemesis-logs")).FullName;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(app.DataDirectory, "logs"), "*.log"))
        {
            File.Copy(file, Path.Combine(logs, Path.GetFileName(file)), overwrite: true);
        }
        if (!counts.All(c => c.Whole))
        {
            report.AppendLine().AppendLine("Failures the services logged:").AppendLine("```").Append(LoggedFailures(app)).AppendLine("```");
        }
        await File.WriteAllTextAsync(Path.Combine(results, "nemesis-report.md"), report.ToString(), ct);
        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());

        Assert.Empty(load.GivenUp);
        Assert.All(counts, c => Assert.True(c.Whole, $"{c.Stage}: {c.Lost} lost, {c.Duplicated} duplicated, {c.Unexpected} unexpected"));
        Assert.Equal(new FunnelCounts(acknowledged.Count, acknowledged.Count, acknowledged.Count), funnel);
    }

    /// <summary>The services' log lines about faulted messages and failed handlers, the clues to where a lead went missing.</summary>
    private static string LoggedFailures(DistributedApplication app)
    {
        var lines = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(app.DataDirectory, "logs"), "*.log").Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(file).Where(l => l.Contains("R-FAULT", StringComparison.Ordinal) || l.Contains("fail", StringComparison.OrdinalIgnoreCase)).TakeLast(20))
            {
                lines.AppendLine($"{Path.GetFileNameWithoutExtension(file)}: {line}");
            }
        }
        return lines.ToString();
    }

    /// <summary>Three reps in the default team, at work around the clock with room for every lead, weighted 1:2:3.</summary>
    private static async Task RegisterRepsAsync(CallInvoker routing, CancellationToken ct)
    {
        for (var i = 1; i <= 3; i++)
        {
            var rep = new RoutingRep { Id = $"chaos-rep-{i}", TeamId = Team, Weight = i, TimeZone = "UTC", MaxOpenLeads = 100_000, Active = true };
            rep.WorkingHours.AddRange(Enumerable.Range(0, 7).Select(day => new WorkingPeriod { Day = day, Start = "00:00", End = "00:00" }));
            await Calls.UnaryAsync<UpsertRepRequest, RoutingRep>(routing, RoutingReflection.Descriptor, "UpsertRep", new UpsertRepRequest { Rep = rep }, ct);
        }
    }

    private static async Task<FunnelCounts> FunnelAsync(CallInvoker reporting, string runId, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var funnel = await Calls.UnaryAsync<GetFunnelRequest, Funnel>(reporting, ReportingReflection.Descriptor, "GetFunnel", new GetFunnelRequest
        {
            Period = new Period { From = Timestamp.FromDateTimeOffset(now.AddDays(-1)), To = Timestamp.FromDateTimeOffset(now.AddDays(1)) },
            Filter = new ReportFilter { Campaign = runId },
        }, ct);
        long Count(FunnelStage stage) => funnel.Stages.FirstOrDefault(s => s.Stage == stage)?.Count ?? 0;
        return new FunnelCounts(Count(FunnelStage.Captured), Count(FunnelStage.Mql), Count(FunnelStage.Assigned));
    }

    private readonly record struct FunnelCounts(long Captured, long Mql, long Assigned);
}
