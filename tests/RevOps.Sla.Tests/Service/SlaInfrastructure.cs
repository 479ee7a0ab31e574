using Npgsql;
using RevOps.Hosting;

namespace RevOps.Sla.Tests.Service;

/// <summary>Real PostgreSQL (sladb) and RabbitMQ started by the test host, and a probe bus on the broker.</summary>
public sealed class SlaInfrastructure : IAsyncLifetime
{
    private DistributedApplication? _app;

    public string Database { get; private set; } = "";
    public string Messaging { get; private set; } = "";
    public BusProbe Probe { get; private set; } = null!;
    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { ForTesting = true });
        builder.AddPostgres("postgres").AddDatabase("sladb");
        builder.AddRabbitMQ("messaging");
        _app = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await _app.StartAsync(timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("sladb", timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("messaging", timeout.Token);
        Database = (await _app.GetConnectionStringAsync("sladb", timeout.Token))!;
        Messaging = (await _app.GetConnectionStringAsync("messaging", timeout.Token))!;
        DataSource = NpgsqlDataSource.Create(Database);
        Probe = await BusProbe.StartAsync(Messaging, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (Probe is not null)
            await Probe.DisposeAsync();
        if (DataSource is not null)
            await DataSource.DisposeAsync();
        if (_app is not null)
            await _app.DisposeAsync();
    }
}
