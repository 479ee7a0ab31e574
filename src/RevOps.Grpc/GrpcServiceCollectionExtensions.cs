using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RevOps.Grpc.Internal;

namespace RevOps.Grpc;

public static class GrpcServiceCollectionExtensions
{
    /// <summary>Adds the gRPC server: options, the registry of mapped services, and the health and reflection handlers.</summary>
    public static IServiceCollection AddGrpc(this IServiceCollection services, Action<GrpcServiceOptions>? configure = null)
    {
        var options = services.AddOptions<GrpcServiceOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddSingleton<GrpcServiceRegistry>();
        services.TryAddSingleton<HealthHandler>();
        services.TryAddSingleton<ReflectionIndex>();
        services.TryAddSingleton<ReflectionV1AlphaHandler>();
        services.TryAddSingleton<ReflectionV1Handler>();
        return services;
    }
}
