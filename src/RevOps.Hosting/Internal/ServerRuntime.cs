using Microsoft.Extensions.Logging;

namespace RevOps.Hosting.Internal;

/// <summary>An infrastructure server process: prepared, launched, probed at protocol level until ready.</summary>
internal abstract partial class ServerRuntime(string name, string type, HostContext host) : ResourceRuntime(name, type, host)
{
    private readonly List<ChildProcess> _processes = [];
    private volatile bool _stopping;

    protected virtual TimeSpan StartTimeout => TimeSpan.FromSeconds(90);

    protected virtual int StopSignal => NativeMethods.SigTerm;

    protected abstract int Port { get; }

    public override IReadOnlyDictionary<string, string> Endpoints =>
        new Dictionary<string, string> { ["tcp"] = $"tcp://127.0.0.1:{Port}" };

    /// <summary>Finds binaries, creates folders and config; returns the processes to launch, in order (helpers first, server last).</summary>
    protected abstract Task<IReadOnlyList<ChildProcessSpec>> PrepareAsync(CancellationToken ct);

    protected abstract Task<bool> ProbeAsync(CancellationToken ct);

    public override async Task StartAsync(CancellationToken ct)
    {
        _stopping = false;
        Update(KnownResourceStates.Starting, null, null);
        if (!PortAllocator.IsFree(Port))
        {
            throw new DistributedApplicationException($"Port {Port} for '{Name}' is already taken by another process.");
        }
        var specs = await PrepareAsync(ct);
        ChildProcess? server = null;
        lock (_processes)
        {
            _processes.Clear();
            foreach (var spec in specs)
            {
                server = ChildProcess.Start(spec, Log, Host.Registry);
                _processes.Add(server);
            }
        }
        Update(KnownResourceStates.Starting, null, server!.Pid);

        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await ProbeAsync(ct))
        {
            if (server.Exited.IsCompleted)
            {
                await StopProcessesAsync();
                throw new DistributedApplicationException(
                    $"'{Name}' exited with code {server.ExitCode} during start-up. Last log lines:{Environment.NewLine}{string.Join(Environment.NewLine, Log.Snapshot(15))}");
            }
            if (DateTime.UtcNow > deadline)
            {
                await StopProcessesAsync();
                throw new DistributedApplicationException($"'{Name}' was not ready within {StartTimeout.TotalSeconds:0} s.");
            }
            await Task.WhenAny(server.Exited, Task.Delay(200, ct));
        }
        Update(KnownResourceStates.Running, HealthStatus.Healthy, server.Pid);
        LogReady(Logger, Name, Port);
        _ = WatchAsync(server);
    }

    public override async Task StopAsync()
    {
        _stopping = true;
        if (State is KnownResourceStates.Running or KnownResourceStates.Starting)
        {
            Update(KnownResourceStates.Stopping, Health, Pid);
        }
        await StopProcessesAsync();
        if (State != KnownResourceStates.FailedToStart)
        {
            Update(KnownResourceStates.Stopped, null, null);
        }
    }

    public override int Kill()
    {
        ChildProcess[] processes;
        lock (_processes)
        {
            processes = [.. _processes];
        }
        var server = processes.LastOrDefault() ?? throw new InvalidOperationException($"'{Name}' is not running.");
        foreach (var process in processes.Reverse())
        {
            process.Kill();
        }
        return server.Pid;
    }

    private async Task StopProcessesAsync()
    {
        ChildProcess[] processes;
        lock (_processes)
        {
            processes = [.. _processes];
        }
        // Server first, its helpers (epmd) after.
        foreach (var process in processes.Reverse())
        {
            await process.StopAsync(StopSignal, TimeSpan.FromSeconds(8));
        }
    }

    private async Task WatchAsync(ChildProcess server)
    {
        await server.Exited;
        if (!_stopping)
        {
            LogExited(Logger, Name, server.ExitCode);
            Update(KnownResourceStates.Exited, HealthStatus.Unhealthy, null);
        }
    }

    /// <summary>Runs a one-off command (initdb, chown) to completion, throwing with its output on failure.</summary>
    protected async Task RunToCompletionAsync(ChildProcessSpec spec, CancellationToken ct)
    {
        var process = ChildProcess.Start(spec, Log, Host.Registry);
        await process.Exited.WaitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new DistributedApplicationException(
                $"'{spec.FileName}' for '{Name}' failed with exit code {process.ExitCode}:{Environment.NewLine}{string.Join(Environment.NewLine, Log.Snapshot(10))}");
        }
    }

    protected async Task ChownAsync(string path, string user, CancellationToken ct)
    {
        if (NativeMethods.IsRoot)
        {
            await RunToCompletionAsync(new ChildProcessSpec("/bin/chown", ["-R", $"{user}:{user}", path]), ct);
        }
    }

    protected static string CreateDirectory(string path)
    {
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            // Servers run as their own users and must be able to reach their folders.
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }
        return path;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Resource} is ready on 127.0.0.1:{Port}")]
    private static partial void LogReady(ILogger logger, string resource, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Resource} exited unexpectedly with code {ExitCode}")]
    private static partial void LogExited(ILogger logger, string resource, int? exitCode);
}
