using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RevOps.Grpc.Tests.Interop;

namespace RevOps.Grpc.Tests.Infrastructure;

/// <summary>A real Kestrel host shaped like a RevOps service: an HTTP/2-only "grpc" endpoint next to an HTTP/1.1 "http" one.</summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private TestServer(WebApplication app, int grpcPort, int httpPort)
    {
        this.app = app;
        GrpcAddress = new Uri($"http://127.0.0.1:{grpcPort}");
        HttpAddress = new Uri($"http://127.0.0.1:{httpPort}");
    }

    public Uri GrpcAddress { get; }

    public Uri HttpAddress { get; }

    public IServiceProvider Services => app.Services;

    /// <summary>Starts a host serving TestService (or what map maps instead), health and reflection.</summary>
    public static async Task<TestServer> StartAsync(
        Action<WebApplicationBuilder>? configure = null, Action<WebApplication>? map = null, Action<GrpcServiceOptions>? grpcOptions = null, int? port = null)
    {
        var grpcPort = port ?? FreePort();
        var httpPort = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["Kestrel:Endpoints:grpc:Url"] = $"http://127.0.0.1:{grpcPort}";
        builder.Configuration["Kestrel:Endpoints:grpc:Protocols"] = "Http2";
        builder.Configuration["Kestrel:Endpoints:http:Url"] = $"http://127.0.0.1:{httpPort}";
        builder.Configuration["Kestrel:Endpoints:http:Protocols"] = "Http1";
        builder.WebHost.UseKestrel();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc(grpcOptions);
        builder.Services.AddHealthChecks();
        configure?.Invoke(builder);
        var app = builder.Build();
        if (map is null)
        {
            app.MapGrpcService<TestServiceHandler>(TestReflection.Descriptor.Services[0]);
        }
        else
        {
            map(app);
        }
        app.MapGrpcHealthChecks();
        app.MapGrpcReflection();
        await app.StartAsync();
        return new TestServer(app, grpcPort, httpPort);
    }

    public Task StopAsync() => app.StopAsync();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
