using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.Sla.Extensions;
using RevOps.Sla.Domain;
using RevOps.Sla.Grpc;

namespace RevOps.Sla.Tests.Service;

/// <summary>One SLA service replica in process: the service's own wiring on a real Kestrel, with an injected clock.</summary>
public sealed class SlaNode : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SlaNode(WebApplication app, Uri grpcAddress)
    {
        _app = app;
        GrpcAddress = grpcAddress;
    }

    public Uri GrpcAddress { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<SlaNode> StartAsync(SlaInfrastructure infrastructure, TimeProvider time, CancellationToken cancellationToken,
        ActiveContract? contract = null, WebhookRetryPolicy? webhookRetries = null)
    {
        var port = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["ConnectionStrings:sladb"] = infrastructure.Database;
        builder.Configuration["ConnectionStrings:messaging"] = infrastructure.Messaging;
        builder.Configuration["Kestrel:Endpoints:grpc:Url"] = $"http://127.0.0.1:{port}";
        builder.Configuration["Kestrel:Endpoints:grpc:Protocols"] = "Http2";
        builder.Configuration["Sla:Timer:ClaimInterval"] = "00:00:00.100";
        builder.Configuration["Sla:Timer:Horizon"] = "00:00:05";
        builder.Configuration["Sla:Timer:Lease"] = "00:00:20";
        builder.Configuration["Sla:Timer:BatchSize"] = "50";
        builder.WebHost.UseKestrel();
        builder.Services.AddSingleton(time);
        if (contract is not null)
            builder.Services.AddSingleton(contract);
        if (webhookRetries is not null)
            builder.Services.AddSingleton(webhookRetries);
        builder.AddApplicationServices();
        var app = builder.Build();
        app.MapGrpcService<SlaService>(SlaReflection.Descriptor.Services[0]);
        await app.StartAsync(cancellationToken);
        return new SlaNode(app, new Uri($"http://127.0.0.1:{port}"));
    }

    public Task StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
