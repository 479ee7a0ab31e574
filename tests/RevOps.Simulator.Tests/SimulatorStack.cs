using RevOps.Grpc;
using RevOps.Hosting;
using RevOps.Simulator.Running;

namespace RevOps.Simulator.Tests;

/// <summary>PostgreSQL, Redis, RabbitMQ, scoring and routing as real processes from the test host, and a client to both services.</summary>
public sealed class SimulatorStack : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private DistributedApplication? _app;
    private GrpcChannel? _scoring;
    private GrpcChannel? _routing;

    public RevOpsClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { ForTesting = true });
        var postgres = builder.AddPostgres("postgres");
        var scoringdb = postgres.AddDatabase("scoringdb");
        var routingdb = postgres.AddDatabase("routingdb");
        var redis = builder.AddRedis("redis");
        var messaging = builder.AddRabbitMQ("messaging");
        var scoring = builder.AddProject<Projects.RevOps_Scoring>("scoring")
            .WithReference(scoringdb).WithReference(messaging)
            .WaitFor(scoringdb).WaitFor(messaging);
        builder.AddProject<Projects.RevOps_Routing>("routing")
            .WithReference(routingdb).WithReference(redis).WithReference(messaging).WithReference(scoring)
            .WaitFor(routingdb).WaitFor(redis).WaitFor(messaging);
        _app = builder.Build();
        await _app.StartAsync(timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("scoring", timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("routing", timeout.Token);

        _scoring = GrpcChannel.ForAddress(_app.GetEndpoint("scoring", "grpc"));
        _routing = GrpcChannel.ForAddress(_app.GetEndpoint("routing", "grpc"));
        Client = new RevOpsClient(_scoring, _routing);
    }

    public async ValueTask DisposeAsync()
    {
        _scoring?.Dispose();
        _routing?.Dispose();
        if (_app is not null)
            await _app.DisposeAsync();
    }
}
