namespace RevOps.Hosting.Internal;

/// <summary>redis-server from Debian with a generated password, append-only file, no snapshots.</summary>
internal sealed class RedisRuntime(RedisResource resource, HostContext host) : ServerRuntime(resource.Name, "Redis", host)
{
    protected override int Port => resource.Port;

    protected override async Task<IReadOnlyList<ChildProcessSpec>> PrepareAsync(CancellationToken ct)
    {
        var binary = await ServerBinaries.EnsureAsync("redis-server", () => ServerBinaries.Existing("/usr/bin/redis-server"), Logger, ct);
        var dir = CreateDirectory(Path.Combine(Host.DataDirectory, Name));
        var config = Path.Combine(dir, "redis.conf");
        // The password lives in a config file rather than on the command line, where `ps` would show it.
        await File.WriteAllTextAsync(config, $"""
            port {resource.Port}
            bind 127.0.0.1
            requirepass {resource.Password}
            save ""
            appendonly yes
            dir {dir}
            daemonize no
            logfile ""

            """, ct);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return [new ChildProcessSpec(binary, [config]) { WorkingDirectory = dir }];
    }

    protected override Task<bool> ProbeAsync(CancellationToken ct) => ReadinessProbes.RedisAsync(resource.Port, resource.Password, ct);
}
