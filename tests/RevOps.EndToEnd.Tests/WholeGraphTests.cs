using RevOps.Hosting;

namespace RevOps.EndToEnd.Tests;

public class WholeGraphTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task The_AppHost_graph_starts_healthy_recovers_a_killed_service_and_leaves_no_process_on_dispose()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TestTimeout);
        var ct = timeout.Token;
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.RevOps_AppHost>(ct);
        var app = await appHost.BuildAsync(ct);
        var dataDirectory = app.DataDirectory;
        var pids = new HashSet<int>();
        await using (app)
        {
            await app.StartAsync(ct);
            var names = app.ResourceNotifications.GetSnapshots().Select(s => s.Name).ToArray();
            Assert.Equal(
                ["messaging", "postgres", "redis", "reporting", "reportingdb", "routing", "routingdb", "scoring", "scoring-0", "scoring-1", "scoringdb", "simulator", "sla", "sladb"],
                names.Order());
            await Task.WhenAll(names.Select(n => app.ResourceNotifications.WaitForResourceHealthyAsync(n, ct)));

            // Each service's own /health checks its real postgres, rabbitmq (and redis) connections.
            using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
            foreach (var service in new[] { "scoring", "scoring-0", "scoring-1", "routing", "sla", "reporting", "simulator" })
            {
                using var health = await client.GetAsync(new Uri(app.GetEndpoint(service, "http"), "/health"), ct);
                Assert.True(health.IsSuccessStatusCode, $"{service}: {(int)health.StatusCode} {await health.Content.ReadAsStringAsync(ct)}");
            }

            var killed = app.KillResourceProcess("routing");
            var back = await app.ResourceNotifications.WaitForResourceAsync(
                "routing", s => s.Health == HealthStatus.Healthy && s.Pid != killed, ct);
            Assert.Equal(1, back.Restarts);
            using (var health = await client.GetAsync(new Uri(app.GetEndpoint("routing", "http"), "/health"), ct))
            {
                Assert.True(health.IsSuccessStatusCode);
            }

            foreach (var snapshot in app.ResourceNotifications.GetSnapshots())
            {
                if (snapshot.Pid is { } pid)
                {
                    pids.Add(pid);
                }
            }
            Assert.Equal(9, pids.Count); // postgres, redis, rabbitmq, 2 scoring replicas, routing, sla, reporting, simulator
        }

        Assert.All(pids, pid => Assert.False(IsAlive(pid), $"process {pid} outlived the host"));
        Assert.Empty(ProcessesMentioning(dataDirectory));
        foreach (var dll in new[] { "RevOps.Scoring.dll", "RevOps.Routing.dll", "RevOps.Sla.dll", "RevOps.Reporting.dll", "RevOps.Simulator.dll" })
        {
            Assert.DoesNotContain(ProcessesMentioning(dll), pids.Contains);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static List<int> ProcessesMentioning(string text)
    {
        var found = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(text, StringComparison.Ordinal) && IsAlive(pid))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone while we looked.
            }
        }
        return found;
    }
}
