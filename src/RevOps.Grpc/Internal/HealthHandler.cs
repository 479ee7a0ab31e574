using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using RevOps.Grpc.Health.V1;
using ServingStatus = RevOps.Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RevOps.Grpc.Internal;

/// <summary>grpc.health.v1.Health: "" and every mapped service report the host's ASP.NET Core health.</summary>
internal sealed class HealthHandler(IServiceProvider services, GrpcServiceRegistry registry, IOptions<GrpcServiceOptions> options)
{
    public async Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        var status = await GetStatusAsync(request.Service, context.CancellationToken);
        if (status == ServingStatus.ServiceUnknown)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"Unknown service '{request.Service}'."));
        }
        return new HealthCheckResponse { Status = status };
    }

    public async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        var token = context.CancellationToken;
        using var timer = new PeriodicTimer(options.Value.HealthWatchInterval);
        ServingStatus? sent = null;
        try
        {
            while (true)
            {
                var status = await GetStatusAsync(request.Service, token);
                if (status != sent)
                {
                    await responseStream.WriteAsync(new HealthCheckResponse { Status = status });
                    sent = status;
                }
                await timer.WaitForNextTickAsync(token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The watcher left; a Watch never ends on its own.
        }
    }

    private async Task<ServingStatus> GetStatusAsync(string service, CancellationToken cancellationToken)
    {
        if (service.Length > 0 && !registry.Contains(service))
        {
            return ServingStatus.ServiceUnknown;
        }
        var healthChecks = services.GetService<HealthCheckService>();
        if (healthChecks is null)
        {
            return ServingStatus.Serving;
        }
        var report = await healthChecks.CheckHealthAsync(cancellationToken);
        return report.Status == HealthStatus.Unhealthy ? ServingStatus.NotServing : ServingStatus.Serving;
    }
}
