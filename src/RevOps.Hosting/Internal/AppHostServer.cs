using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace RevOps.Hosting.Internal;

/// <summary>The AppHost's own Kestrel: replica proxies on their stable ports and the dashboard, one server for all.</summary>
internal sealed class AppHostServer : IAsyncDisposable
{
    private readonly Dictionary<int, ReplicaProxy> _proxies = [];
    private readonly Dashboard? _dashboard;
    private readonly int? _dashboardPort;
    private WebApplication? _app;

    public AppHostServer(IEnumerable<ReplicatedProjectRuntime> replicated, IReadOnlyDictionary<string, ProjectResource> projects, Dashboard? dashboard, int? dashboardPort)
    {
        foreach (var runtime in replicated)
        {
            foreach (var (endpoint, port) in projects[runtime.Name].StablePorts)
            {
                _proxies[port] = new ReplicaProxy(runtime, endpoint, http2: endpoint == "grpc");
            }
        }
        _dashboard = dashboard;
        _dashboardPort = dashboardPort;
    }

    public bool HasWork => _proxies.Count > 0 || _dashboard is not null;

    public async Task StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            // Streaming calls may idle for long stretches; that is not a slow client.
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.MinResponseDataRate = null;
            foreach (var (port, proxy) in _proxies)
            {
                kestrel.Listen(IPAddress.Loopback, port, l => l.Protocols = proxy.IsHttp2 ? HttpProtocols.Http2 : HttpProtocols.Http1);
            }
            if (_dashboardPort is { } dashboardPort)
            {
                kestrel.Listen(IPAddress.Loopback, dashboardPort, l => l.Protocols = HttpProtocols.Http1);
            }
        });
        _app = builder.Build();
        _app.Run(HandleAsync);
        try
        {
            await _app.StartAsync(ct);
        }
        catch (IOException e)
        {
            throw new DistributedApplicationException(
                $"The AppHost could not listen on its ports ({e.Message}). If the dashboard port is taken, pass --dashboard-port or set REVOPS_DASHBOARD_PORT.", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _app.StopAsync(timeout.Token);
            await _app.DisposeAsync();
        }
        foreach (var proxy in _proxies.Values)
        {
            proxy.Dispose();
        }
    }

    private Task HandleAsync(HttpContext context)
    {
        if (_proxies.TryGetValue(context.Connection.LocalPort, out var proxy))
        {
            return proxy.ForwardAsync(context);
        }
        if (_dashboard is not null)
        {
            return _dashboard.HandleAsync(context);
        }
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
