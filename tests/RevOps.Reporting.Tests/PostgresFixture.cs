using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RevOps.Hosting;
using RevOps.Reporting.Domain;
using RevOps.ServiceDefaults;

namespace RevOps.Reporting.Tests;

/// <summary>
/// A real PostgreSQL started by the shared test host, with reportingdb migrated by the service's own
/// <see cref="MigrationRunner"/>; stopped and deleted on dispose.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private DistributedApplication? _app;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    /// <summary>With the password, which <see cref="NpgsqlDataSource.ConnectionString"/> leaves out.</summary>
    public string ConnectionString { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { ForTesting = true });
        builder.AddPostgres("postgres").AddDatabase("reportingdb");
        _app = builder.Build();
        await _app.StartAsync(timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("reportingdb", timeout.Token);

        ConnectionString = (await _app.GetConnectionStringAsync("reportingdb", timeout.Token))!;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        await new MigrationRunner(DataSource, typeof(LeadFactStore).Assembly, NullLogger<MigrationRunner>.Instance).StartAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (DataSource is not null)
            await DataSource.DisposeAsync();
        if (_app is not null)
            await _app.DisposeAsync();
    }
}
