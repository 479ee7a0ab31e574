using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RevOps.ServiceDefaults;
using RevOps.Sla.Data;

[assembly: AssemblyFixture(typeof(RevOps.Sla.Tests.PostgresServer))]

namespace RevOps.Sla.Tests;

/// <summary>
/// A real PostgreSQL 15 for the test run: initdb into a temp dir as the postgres user, a free loopback port, a password
/// made up per run, and a template database with sladb's migrations from which each test clones its own database.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private const string TemplateDatabase = "sla_template";
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);

    private readonly string _password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly StringBuilder _serverLog = new();
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private string _directory = "";
    private int _port;
    private Process? _postgres;

    public async ValueTask InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("revops-sla-pg-").FullName;
        var data = Path.Combine(_directory, "data");
        var passwordFile = Path.Combine(_directory, "password");
        await File.WriteAllTextAsync(passwordFile, _password);
        await RunToEnd("chown", "-R", "postgres:postgres", _directory);
        await RunToEnd("runuser", "-u", "postgres", "--", $"{BinDirectory}/initdb", "-D", data, "-U", "postgres",
            $"--pwfile={passwordFile}", "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions");

        _port = FreeLoopbackPort();
        _postgres = Start("runuser", "-u", "postgres", "--", $"{BinDirectory}/postgres", "-D", data, "-p", _port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-k", _directory, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off", "-c", "max_connections=200");

        await WaitUntilAcceptingConnections();
        await using (var admin = NpgsqlDataSource.Create(ConnectionString("postgres")))
        await using (var create = admin.CreateCommand($"CREATE DATABASE {TemplateDatabase}"))
            await create.ExecuteNonQueryAsync();

        await using var template = NpgsqlDataSource.Create(ConnectionString(TemplateDatabase) + ";Pooling=false");
        await new MigrationRunner(template, typeof(ClockStore).Assembly, NullLogger<MigrationRunner>.Instance).StartAsync(CancellationToken.None);
    }

    /// <summary>A fresh, migrated sladb of the test's own, dropped with the server.</summary>
    public async Task<NpgsqlDataSource> NewDatabaseAsync()
    {
        var name = "sla_" + Guid.NewGuid().ToString("N");
        await using (var admin = NpgsqlDataSource.Create(ConnectionString("postgres")))
        await using (var create = admin.CreateCommand($"CREATE DATABASE {name} TEMPLATE {TemplateDatabase} STRATEGY = FILE_COPY"))
            await create.ExecuteNonQueryAsync();
        var dataSource = NpgsqlDataSource.Create(ConnectionString(name));
        lock (_dataSources)
            _dataSources.Add(dataSource);
        return dataSource;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
            await dataSource.DisposeAsync();
        if (_postgres is { HasExited: false })
        {
            _postgres.Kill(entireProcessTree: true);
            await _postgres.WaitForExitAsync();
        }
        _postgres?.Dispose();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    private string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={_port};Username=postgres;Password={_password};Database={database};Timeout=15";

    private async Task WaitUntilAcceptingConnections()
    {
        var deadline = DateTime.UtcNow + StartPatience;
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
                await connection.OpenAsync();
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException && DateTime.UtcNow < deadline)
            {
                if (_postgres!.HasExited)
                    throw new InvalidOperationException($"postgres exited with {_postgres.ExitCode}:\n{ServerLog()}", ex);
                await Task.Delay(50);
            }
        }
    }

    private string ServerLog()
    {
        lock (_serverLog)
            return _serverLog.ToString();
    }

    private Process Start(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_serverLog)
            _serverLog.AppendLine(line);
    }

    private async Task RunToEnd(string file, params string[] arguments)
    {
        using var process = Start(file, arguments);
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{ServerLog()}");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
