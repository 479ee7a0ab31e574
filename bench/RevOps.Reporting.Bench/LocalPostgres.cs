using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace RevOps.Reporting.Bench;

/// <summary>A throwaway PostgreSQL 15 on a free loopback port (initdb as the postgres user), removed on dispose.</summary>
internal sealed class LocalPostgres : IAsyncDisposable
{
    private const string PgBin = "/usr/lib/postgresql/15/bin";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "revops-bench-pg-" + Guid.NewGuid().ToString("N"));
    private Process? _server;

    public string ConnectionString { get; private set; } = "";

    public static async Task<LocalPostgres> StartAsync(string database)
    {
        var postgres = new LocalPostgres();
        await postgres.InitializeAsync(database);
        return postgres;
    }

    private async Task InitializeAsync(string database)
    {
        var data = Path.Combine(_root, "data");
        Directory.CreateDirectory(_root);
        await RunAsync("chown", "postgres:postgres", _root);
        await RunAsync("runuser", "-u", "postgres", "--", $"{PgBin}/initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var start = new ProcessStartInfo("runuser") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "-u", "postgres", "--", $"{PgBin}/postgres", "-D", data, "-p", port.ToString(CultureInfo.InvariantCulture), "-k", _root,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
        })
            start.ArgumentList.Add(argument);
        _server = Process.Start(start)!;
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        var admin = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
        var giveUpAt = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(admin);
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
                await create.ExecuteNonQueryAsync();
                break;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < giveUpAt && !_server.HasExited)
            {
                await Task.Delay(50);
            }
        }
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database={database}";
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            await RunAsync("runuser", "-u", "postgres", "--", $"{PgBin}/pg_ctl", "stop", "-m", "immediate", "-D", Path.Combine(_root, "data"));
            await _server.WaitForExitAsync();
        }
        _server?.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private static async Task RunAsync(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{fileName} failed ({process.ExitCode}): {await error}");
    }
}
