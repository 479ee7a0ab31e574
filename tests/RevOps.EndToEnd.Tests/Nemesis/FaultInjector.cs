using System.Diagnostics;
using RevOps.Hosting;

namespace RevOps.EndToEnd.Tests.Nemesis;

/// <summary>
/// Kills -9 one process of the graph at a time (a scoring replica, routing, SLA, reporting, RabbitMQ, Redis or PostgreSQL),
/// brings it back, waits until it is healthy again, pauses, and strikes the next. Services come back through the host's
/// restart; servers are started again by hand after a short outage, on the same ports and data, as an operator would.
/// </summary>
public sealed class FaultInjector(DistributedApplication app, NemesisOptions options, Action<string> log)
{
    private static readonly string[] Services = ["scoring-0", "scoring-1", "routing", "sla", "reporting"];
    private static readonly string[] Servers = ["messaging", "redis", "postgres"];
    private static readonly TimeSpan HealTimeout = TimeSpan.FromMinutes(2);

    public List<(string Target, TimeSpan Outage)> Faults { get; } = [];

    /// <summary>
    /// Strikes until the run's duration is over and at least <see cref="NemesisOptions.MinFaults"/> faults have struck (on a
    /// busy machine a restart can take half a minute); returns with the last target healthy.
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var random = new Random(options.Seed);
        // A server, then a service, and so on, each kind once in a seeded order before any repeats.
        var servers = Servers.OrderBy(_ => random.Next()).ToArray();
        var services = Services.OrderBy(_ => random.Next()).ToArray();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; Faults.Count < options.MinFaults || Stopwatch.GetElapsedTime(started) < options.Duration; i++)
        {
            var pause = options.MinInterval + (options.MaxInterval - options.MinInterval) * random.NextDouble();
            if (Faults.Count >= options.MinFaults && Stopwatch.GetElapsedTime(started) + pause >= options.Duration)
            {
                break;
            }
            await Task.Delay(pause, ct);
            await StrikeAsync(i % 2 == 0 ? servers[i / 2 % servers.Length] : services[i / 2 % services.Length], random, ct);
        }
    }

    private async Task StrikeAsync(string target, Random random, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var killed = app.KillResourceProcess(target);
        log($"nemesis: kill -9 {target} (pid {killed})");
        if (Servers.Contains(target))
        {
            await app.ResourceNotifications.WaitForResourceAsync(target, s => s.State != KnownResourceStates.Running, ct);
            // A server stays down a moment, so clients see refused connections, not just a reset.
            await Task.Delay(TimeSpan.FromSeconds(1 + 2 * random.NextDouble()), ct);
            await app.StartResourceAsync(target, ct);
        }
        using var heal = CancellationTokenSource.CreateLinkedTokenSource(ct);
        heal.CancelAfter(HealTimeout);
        await app.ResourceNotifications.WaitForResourceAsync(target, s => s.Health == HealthStatus.Healthy && s.Pid != killed, heal.Token);
        var outage = Stopwatch.GetElapsedTime(started);
        Faults.Add((target, outage));
        log($"nemesis: {target} healthy again after {outage.TotalSeconds:0.0} s");
    }
}
