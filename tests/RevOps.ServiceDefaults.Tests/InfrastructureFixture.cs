using RevOps.Hosting;

namespace RevOps.ServiceDefaults.Tests;

/// <summary>A real PostgreSQL database and RabbitMQ broker, started by the test host for this test class.</summary>
public sealed class InfrastructureFixture : IAsyncLifetime
{
    private DistributedApplication? _app;

    public string Database { get; private set; } = "";
    public string Messaging { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { ForTesting = true });
        builder.AddPostgres("postgres").AddDatabase("testdb");
        builder.AddRabbitMQ("messaging");
        _app = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await _app.StartAsync(timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("testdb", timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("messaging", timeout.Token);
        Database = (await _app.GetConnectionStringAsync("testdb", timeout.Token))!;
        Messaging = (await _app.GetConnectionStringAsync("messaging", timeout.Token))!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }
}
