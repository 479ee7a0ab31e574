using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.RevenueContract;
using RevOps.Hosting;
using RevOps.Simulator.Running;

namespace RevOps.Simulator.Tests;

/// <summary>PostgreSQL, Redis, RabbitMQ, scoring, routing and SLA as real processes from the test host, and a client to the services.</summary>
public sealed class SimulatorStack : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private DistributedApplication? _app;
    private GrpcChannel? _scoring;
    private GrpcChannel? _routing;
    private GrpcChannel? _sla;

    public RevOpsClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { ForTesting = true });
        var postgres = builder.AddPostgres("postgres");
        var scoringdb = postgres.AddDatabase("scoringdb");
        var routingdb = postgres.AddDatabase("routingdb");
        var sladb = postgres.AddDatabase("sladb");
        var redis = builder.AddRedis("redis");
        var messaging = builder.AddRabbitMQ("messaging");
        var scoring = builder.AddProject<Projects.RevOps_Scoring>("scoring")
            .WithReference(scoringdb).WithReference(messaging)
            .WaitFor(scoringdb).WaitFor(messaging);
        builder.AddProject<Projects.RevOps_Routing>("routing")
            .WithReference(routingdb).WithReference(redis).WithReference(messaging).WithReference(scoring)
            .WaitFor(routingdb).WaitFor(redis).WaitFor(messaging);
        builder.AddProject<Projects.RevOps_Sla>("sla")
            .WithReference(sladb).WithReference(messaging).WithReference(scoring)
            .WaitFor(sladb).WaitFor(messaging);
        _app = builder.Build();
        await _app.StartAsync(timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("scoring", timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("routing", timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("sla", timeout.Token);

        _scoring = GrpcChannel.ForAddress(_app.GetEndpoint("scoring", "grpc"));
        _routing = GrpcChannel.ForAddress(_app.GetEndpoint("routing", "grpc"));
        _sla = GrpcChannel.ForAddress(_app.GetEndpoint("sla", "grpc"));
        Client = new RevOpsClient(_scoring, _routing, _sla);
    }

    /// <summary>
    /// Proposes <paramref name="yaml"/>, signs it for both sides, and waits until routing and SLA judge by it; returns it as
    /// the simulator plans by it.
    /// </summary>
    public async Task<ContractDocument> ActivateAsync(string yaml, CancellationToken ct)
    {
        var contract = ContractReflection.Descriptor.Services[0];
        var scoring = _scoring!.CreateCallInvoker();
        var proposed = await scoring.AsyncUnaryCall(Method.Create<ProposeContractRequest, ContractVersionInfo>(contract.FindMethodByName("Propose")),
            null, new CallOptions(CancellationToken: ct), new ProposeContractRequest { Yaml = yaml, ProposedBy = "ops@example.com", Comment = "simulator test" });
        foreach (var side in new[] { SigningSide.Marketing, SigningSide.Sales })
        {
            await scoring.AsyncUnaryCall(Method.Create<SignContractRequest, SignContractResponse>(contract.FindMethodByName("Sign")), null,
                new CallOptions(CancellationToken: ct), new SignContractRequest { Version = proposed.Version, Side = side, Signer = $"{side}@example.com" });
        }
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        foreach (var service in new[] { "routing", "sla" })
        {
            // Each follower's "contract" health check names the version it judges by, once ContractActivated reached it.
            while (!(await http.GetStringAsync(new Uri(_app!.GetEndpoint(service, "http"), "/health"), ct))
                       .Contains($"contract v{proposed.Version}, confirmed by scoring", StringComparison.Ordinal))
                await Task.Delay(200, ct);
        }
        return await Client.LoadActiveContractAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        _scoring?.Dispose();
        _routing?.Dispose();
        _sla?.Dispose();
        if (_app is not null)
            await _app.DisposeAsync();
    }
}
