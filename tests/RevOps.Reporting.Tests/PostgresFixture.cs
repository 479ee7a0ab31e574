using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RevOps.Reporting.Domain;
using RevOps.ServiceDefaults;

namespace RevOps.Reporting.Tests;

/// <summary>
/// A real PostgreSQL 15 for the test run: initdb into a temp dir as the postgres user, the server on a free loopback
/// port, reportingdb migrated by the service's own <see cref="MigrationRunner"/>; stopped and deleted on dispose.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private const string PgBin = "/usr/lib/postgresql/15/bin";
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "revops-reporting-pg-" + Guid.NewGuid().ToString("N"));
    private Process? _server;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var data = Path.Combine(_root, "data");
        Directory.CreateDirectory(_root);
        await RunAsync("chown", "postgres:postgres", _root);
        await RunAsync("runuser", "-u", "postgres", "--", $"{PgBin}/initdb", "-D", data, "-U", "postgres", "--auth=trust",
            "-E", "UTF8", "--no-sync");

        var port = FreeLoopbackPort();
        _server = Process.Start(new ProcessStartInfo("runuser")
        {
            ArgumentList =
            {
                "-u", "postgres", "--", $"{PgBin}/postgres", "-D", data, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-k", _root, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        var server = $"Host=127.0.0.1;Port={port};Username=postgres;Pooling=false";
        await WaitUntilAcceptingAsync(server + ";Database=postgres");
        await using (var admin = new NpgsqlConnection(server + ";Database=postgres"))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE reportingdb", admin);
            await create.ExecuteNonQueryAsync();
        }

        DataSource = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={port};Username=postgres;Database=reportingdb");
        await new MigrationRunner(DataSource, typeof(LeadFactStore).Assembly, NullLogger<MigrationRunner>.Instance)
            .StartAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (DataSource is not null)
            await DataSource.DisposeAsync();
        if (_server is not null)
        {
            if (!_server.HasExited)
            {
                await RunAsync("runuser", "-u", "postgres", "--", $"{PgBin}/pg_ctl", "stop", "-m", "immediate", "-D", Path.Combine(_root, "data"));
                using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await _server.WaitForExitAsync(exit.Token);
                }
                catch (OperationCanceledException)
                {
                    _server.Kill(entireProcessTree: true);
                }
            }
            _server.Dispose();
        }
        Directory.Delete(_root, recursive: true);
    }

    private async Task WaitUntilAcceptingAsync(string connectionString)
    {
        var giveUpAt = DateTime.UtcNow + StartPatience;
        while (true)
        {
            if (_server!.HasExited)
                throw new InvalidOperationException($"postgres exited with code {_server.ExitCode} before accepting connections.");
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException && DateTime.UtcNow < giveUpAt)
            {
                await Task.Delay(50);
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
    }
}
