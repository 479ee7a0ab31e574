using RevOps.Grpc;
using RevOps.ServiceDefaults;
using RevOps.Simulator.Planning;
using RevOps.Simulator.Running;

namespace RevOps.Simulator.Extensions;

internal static class Extensions
{
    public static void AddSimulator(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(SimulatorOptions.From(builder.Configuration.GetSection(SimulatorOptions.Section)));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SimulatorMetrics>();
        services.AddSingleton(sp =>
        {
            var endpoints = sp.GetRequiredService<ServiceEndpoints>();
            return new RevOpsClient(Channel(endpoints, "scoring"), Channel(endpoints, "routing"), Channel(endpoints, "sla"));
        });
        services.AddSingleton<RetryingCaller>();
        services.AddSingleton<SimulatedReps>();
        services.AddSingleton<SimulationRunner>();
        services.AddHostedService<SimulatorWorker>();
    }

    // Every configured address of the service, round-robin: the channel skips one that refuses connections.
    private static GrpcChannel Channel(ServiceEndpoints endpoints, string service)
    {
        endpoints.Require(service);
        return GrpcChannel.ForAddresses(endpoints.Resolve(service));
    }
}
