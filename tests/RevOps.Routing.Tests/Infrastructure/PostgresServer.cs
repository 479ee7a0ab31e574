using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RevOps.ServiceDefaults;

namespace RevOps.Routing.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL 15 in a temp directory on a free loopback port, run as the postgres user with a password generated per
/// run; creates routingdb and applies the routing service's migrations with the service's own MigrationRunner.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _directory = Directory.CreateTempSubdirectory("routing-pg-").FullName;
    private readonly string _password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private Process? _process;

    public int Port { get; } = FreePort.Next();

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var data = Path.Combine(_directory, "data");
        var passwordFile = Path.Combine(_directory, "password");
        await File.WriteAllTextAsync(passwordFile, _password);
        await RunAsync("chown", "-R", "postgres:postgres", _directory);
        await RunAsync("runuser", "-u", "postgres", "--", $"{Bin}/initdb", "-D", data, "-U", "postgres", "--auth=scram-sha-256", $"--pwfile={passwordFile}", "--no-sync");

        _process = Process.Start(new ProcessStartInfo("runuser")
        {
            ArgumentList =
            {
                "-u", "postgres", "--", $"{Bin}/postgres", "-D", data, "-p", Port.ToString(CultureInfo.InvariantCulture),
                "-h", "127.0.0.1", "-k", _directory, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            },
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("postgres did not start.");
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();

        await using (var admin = NpgsqlDataSource.Create(ConnectionString("postgres")))
        {
            await WaitUntilReadyAsync(admin);
            await using var create = admin.CreateCommand("CREATE DATABASE routingdb");
            await create.ExecuteNonQueryAsync();
        }

        DataSource = NpgsqlDataSource.Create(ConnectionString("routingdb"));
        await new MigrationRunner(DataSource, typeof(Domain.AssignmentStore).Assembly, NullLogger<MigrationRunner>.Instance)
            .StartAsync(TestContext.Current.CancellationToken);
    }

    private string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Password={_password};Database={database};Pooling=true;Maximum Pool Size=30";

    private async Task WaitUntilReadyAsync(NpgsqlDataSource admin)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await using var connection = await admin.OpenConnectionAsync();
                return;
            }
            catch (Exception e) when (e is NpgsqlException or PostgresException && DateTime.UtcNow < deadline && !_process!.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await output;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}");
    }

    public async ValueTask DisposeAsync()
    {
        if (DataSource is not null)
            await DataSource.DisposeAsync();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
