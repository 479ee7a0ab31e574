using System.Diagnostics;
using RevOps.Hosting.Internal;

namespace RevOps.Hosting.Tests;

public class WatchdogTests
{
    [Fact]
    public async Task When_the_host_process_dies_the_watchdog_kills_every_registered_group()
    {
        var directory = Directory.CreateTempSubdirectory("revops-watchdog-").FullName;
        using var host = Process.Start("/usr/bin/setsid", ["/bin/sleep", "300"]);
        using var child = Process.Start("/usr/bin/setsid", ["/bin/sleep", "300"]);
        try
        {
            using var registry = new ProcessGroupRegistry(directory, watchedPid: host.Id);
            registry.Add(child.Id);
            registry.StartWatchdog();

            host.Kill();
            await host.WaitForExitAsync(TestContext.Current.CancellationToken);

            await Eventually.TrueAsync(() => !ProcessInspector.IsAlive(child.Id), TimeSpan.FromSeconds(10), "the orphaned group is killed");
        }
        finally
        {
            child.Kill();
            Directory.Delete(directory, recursive: true);
        }
    }
}
