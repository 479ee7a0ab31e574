namespace RevOps.Hosting.Internal;

/// <summary>PostgreSQL from Debian: initdb on first run, then postgres on a loopback port, as the `postgres` user.</summary>
internal sealed class PostgresRuntime(PostgresServerResource resource, HostContext host) : ServerRuntime(resource.Name, "Postgres", host)
{
    private const string User = "postgres";

    protected override int Port => resource.Port;

    // SIGINT is PostgreSQL's fast shutdown: it does not wait for clients to disconnect.
    protected override int StopSignal => NativeMethods.SigInt;

    protected override async Task<IReadOnlyList<ChildProcessSpec>> PrepareAsync(CancellationToken ct)
    {
        var bin = await ServerBinaries.EnsureAsync("postgresql", ServerBinaries.PostgresBinDirectory, Logger, ct);
        var root = CreateDirectory(Path.Combine(Host.DataDirectory, Name));
        var data = Path.Combine(root, "data");
        if (!File.Exists(Path.Combine(data, "PG_VERSION")))
        {
            if (Directory.Exists(data))
            {
                // A half-finished initdb (interrupted first run) leaves a folder initdb refuses to reuse.
                Directory.Delete(data, recursive: true);
            }
            var passwordFile = Path.Combine(root, "pwfile");
            await File.WriteAllTextAsync(passwordFile, resource.Password, ct);
            await ChownAsync(root, User, ct);
            try
            {
                await RunToCompletionAsync(new ChildProcessSpec(Path.Combine(bin, "initdb"),
                    ["-D", data, "-U", "postgres", $"--pwfile={passwordFile}", "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"])
                {
                    RunAsUser = User,
                    WorkingDirectory = root,
                }, ct);
            }
            finally
            {
                File.Delete(passwordFile);
            }
        }
        List<string> args =
        [
            "-D", data, "-p", resource.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1",
            "-c", "unix_socket_directories=",
            "-c", "max_connections=200",
        ];
        if (Host.Options.ForTesting)
        {
            // Test data is thrown away, so an OS crash may lose it: no fsync, no full-page writes. A killed server (the crash
            // tests' fault) must still keep every acknowledged commit, so synchronous_commit stays on: WAL reaches the kernel first.
            args.AddRange(["-c", "fsync=off", "-c", "full_page_writes=off"]);
        }
        return [new ChildProcessSpec(Path.Combine(bin, "postgres"), args) { RunAsUser = User, WorkingDirectory = root }];
    }

    protected override Task<bool> ProbeAsync(CancellationToken ct) =>
        ReadinessProbes.PostgresAsync(resource.ConnectionString + ";Pooling=false;Timeout=3", ct);
}
