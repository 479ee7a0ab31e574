using Microsoft.Extensions.Logging;

namespace RevOps.Hosting.Internal;

/// <summary>One process of a project: launched as `dotnet &lt;dll&gt;`, health-checked on /health, restarted with backoff when it crashes.</summary>
internal sealed partial class ProjectReplicaRuntime(ProjectResource project, int index, HostContext host)
    : ResourceRuntime(project.ReplicaName(index), "Project", host)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(30);

    private CancellationTokenSource? _run;
    private Task _loop = Task.CompletedTask;
    private volatile ChildProcess? _process;
    private long _calls;

    public override bool IsInfrastructure => false;

    public override IReadOnlyDictionary<string, string> Endpoints =>
        project.ReplicaPorts[index].ToDictionary(p => p.Key, p => ProjectEnvironment.Url(p.Value));

    public IReadOnlyDictionary<string, int> Ports => project.ReplicaPorts[index];

    public bool IsRunning => _process is { Exited.IsCompleted: false };

    /// <summary>The proxy counts each request it hands this replica, and takes back one the replica refused to connect.</summary>
    public void CountCall(int delta) => Interlocked.Add(ref _calls, delta);

    // A project of one replica has no proxy in front of it, so nothing to count.
    public override ResourceSnapshot Snapshot() => project.Replicas == 1 ? base.Snapshot() : base.Snapshot() with { Calls = Interlocked.Read(ref _calls) };

    public override async Task StartAsync(CancellationToken ct)
    {
        Update(KnownResourceStates.Starting, null, null);
        var assembly = await ProjectBuilds.AssemblyPathAsync(project, ct);
        _run = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _loop = RunLoopAsync(assembly, first, _run.Token);
        await first.Task;
    }

    public override async Task StopAsync()
    {
        if (_run is null)
        {
            return;
        }
        Update(KnownResourceStates.Stopping, Health, Pid);
        await _run.CancelAsync();
        if (_process is { } process)
        {
            // Services get SIGTERM and a few seconds to drain; a hung one is killed with its whole group.
            await process.StopAsync(NativeMethods.SigTerm, TimeSpan.FromSeconds(5));
        }
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _run.Dispose();
        _run = null;
        Update(KnownResourceStates.Stopped, null, null);
    }

    public override int Kill()
    {
        var process = _process ?? throw new InvalidOperationException($"'{Name}' is not running.");
        process.Kill();
        return process.Pid;
    }

    private async Task RunLoopAsync(string assembly, TaskCompletionSource first, CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            ChildProcess process;
            try
            {
                process = ChildProcess.Start(new ChildProcessSpec(DotnetHost(), [assembly])
                {
                    WorkingDirectory = Path.GetDirectoryName(project.ProjectPath),
                    Environment = ProjectEnvironment.For(project, Ports),
                }, Log, Host.Registry);
            }
            catch (Exception e) when (e is DistributedApplicationException or System.ComponentModel.Win32Exception)
            {
                first.TrySetException(e);
                return;
            }
            _process = process;
            Update(KnownResourceStates.Running, null, process.Pid);
            first.TrySetResult();
            var startedAt = DateTime.UtcNow;

            await MonitorHealthAsync(process, ct);
            if (ct.IsCancellationRequested)
            {
                return;
            }

            failures = DateTime.UtcNow - startedAt > StableAfter ? 1 : failures + 1;
            var delay = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, failures - 1), MaxBackoff.TotalSeconds));
            LogCrashed(Logger, Name, process.ExitCode, delay.TotalSeconds);
            Update(KnownResourceStates.Restarting, HealthStatus.Unhealthy, null);
            try
            {
                await Task.Delay(delay, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            CountRestart();
        }
    }

    /// <summary>Polls /health while the process lives: quickly until healthy, then once a second.</summary>
    private async Task MonitorHealthAsync(ChildProcess process, CancellationToken ct)
    {
        var health = new Uri(ProjectEnvironment.Url(Ports["http"]) + "/health");
        while (!process.Exited.IsCompleted && !ct.IsCancellationRequested)
        {
            bool ok;
            try
            {
                ok = await ReadinessProbes.HttpOkAsync(Host.HealthClient, health, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (!process.Exited.IsCompleted)
            {
                SetHealth(ok ? HealthStatus.Healthy : HealthStatus.Unhealthy);
            }
            var pause = ok ? TimeSpan.FromSeconds(1) : TimeSpan.FromMilliseconds(200);
            await Task.WhenAny(process.Exited, Task.Delay(pause, ct));
        }
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path)
            ? path
            : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Resource} exited with code {ExitCode}; restarting in {DelaySeconds} s")]
    private static partial void LogCrashed(ILogger logger, string resource, int? exitCode, double delaySeconds);
}
