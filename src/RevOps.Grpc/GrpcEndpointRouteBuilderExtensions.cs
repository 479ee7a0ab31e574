using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RevOps.Grpc.Internal;

namespace RevOps.Grpc;

public static class GrpcEndpointRouteBuilderExtensions
{
    /// <summary>Maps every method of a service to THandler's method of the same name; throws at start-up on a signature mismatch.</summary>
    public static IEndpointConventionBuilder MapGrpcService<THandler>(this IEndpointRouteBuilder endpoints, ServiceDescriptor service)
        where THandler : class
    {
        ArgumentNullException.ThrowIfNull(service);
        var provider = endpoints.ServiceProvider;
        var registry = provider.GetService<GrpcServiceRegistry>()
            ?? throw new InvalidOperationException("Call services.AddGrpc() before mapping gRPC services.");
        var options = provider.GetRequiredService<IOptions<GrpcServiceOptions>>().Value;
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("RevOps.Grpc.Server");
        var registered = provider.GetService<IServiceProviderIsService>()?.IsService(typeof(THandler)) == true;
        var (bound, unimplemented) = ServiceBinder.Bind<THandler>(service, options, logger, registered);
        registry.Add(service);

        var builders = new List<IEndpointConventionBuilder>();
        foreach (var handler in bound)
        {
            builders.Add(endpoints.Map(handler.Path, (RequestDelegate)handler.HandleAsync).WithDisplayName($"gRPC {handler.Path}"));
        }
        foreach (var path in unimplemented)
        {
            builders.Add(endpoints.Map(path, (RequestDelegate)UnimplementedAsync).WithDisplayName($"gRPC {path} (unimplemented)"));
        }
        MapFallback(endpoints, registry);
        return new CompositeConventionBuilder(builders);
    }

    /// <summary>Maps grpc.health.v1.Health, answering from the host's ASP.NET Core health checks.</summary>
    public static IEndpointConventionBuilder MapGrpcHealthChecks(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGrpcService<HealthHandler>(Health.V1.HealthReflection.Descriptor.Services[0]);

    /// <summary>Maps server reflection, v1alpha and v1, describing every mapped service.</summary>
    public static IEndpointConventionBuilder MapGrpcReflection(this IEndpointRouteBuilder endpoints)
    {
        var v1Alpha = endpoints.MapGrpcService<ReflectionV1AlphaHandler>(Reflection.V1Alpha.ReflectionReflection.Descriptor.Services[0]);
        var v1 = endpoints.MapGrpcService<ReflectionV1Handler>(Reflection.V1.ReflectionReflection.Descriptor.Services[0]);
        return new CompositeConventionBuilder([v1Alpha, v1]);
    }

    private static void MapFallback(IEndpointRouteBuilder endpoints, GrpcServiceRegistry registry)
    {
        if (registry.FallbackMapped)
        {
            return;
        }
        registry.FallbackMapped = true;
        // Any other two-segment path is an unknown service or method; the highest Order loses to every other route.
        endpoints.Map("/{unknownService}/{unknownMethod}", (RequestDelegate)UnimplementedAsync)
            .WithDisplayName("gRPC unimplemented")
            .Add(builder => ((RouteEndpointBuilder)builder).Order = int.MaxValue);
    }

    private static Task UnimplementedAsync(HttpContext httpContext)
    {
        if (!GrpcProtocol.IsGrpcContentType(httpContext.Request.ContentType))
        {
            httpContext.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        if (!ServerCallGuard.Accepts(httpContext))
        {
            return Task.CompletedTask;
        }
        var path = httpContext.Request.Path.Value;
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = GrpcProtocol.ContentType;
        httpContext.Response.Headers[GrpcProtocol.StatusHeader] = ((int)StatusCode.Unimplemented).ToString(System.Globalization.CultureInfo.InvariantCulture);
        httpContext.Response.Headers[GrpcProtocol.MessageHeader] = GrpcProtocol.EncodeMessage($"Method {path} is not implemented.");
        return Task.CompletedTask;
    }

    private sealed class CompositeConventionBuilder(List<IEndpointConventionBuilder> builders) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
            foreach (var builder in builders)
            {
                builder.Add(convention);
            }
        }
    }
}
