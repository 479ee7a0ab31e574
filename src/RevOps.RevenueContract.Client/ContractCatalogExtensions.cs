using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RevOps.Grpc;
using RevOps.RevenueContract.Client;
using RevOps.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

public static class ContractCatalogExtensions
{
    /// <summary>
    /// The <see cref="ContractCatalog"/>, fed by the scoring service at <c>services__scoring__grpc__0</c>, with its refresher and
    /// a "contract" health check. Also register <see cref="AddContractActivatedConsumer"/> in the service's AddMessaging.
    /// </summary>
    public static TBuilder AddContractCatalog<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var scoring = new ServiceEndpoints(builder.Configuration).Resolve("scoring");
        builder.Services.TryAddSingleton(_ =>
            new ContractCatalog(scoring.Count == 0 ? null : new ScoringContractSource(GrpcChannel.ForAddresses(scoring))));
        builder.Services.AddHostedService<ContractCatalogRefresher>();
        builder.Services.AddHealthChecks().AddCheck<ContractCatalogHealthCheck>("contract");
        return builder;
    }

    /// <summary>ContractActivated on a queue of this process's own, deleted when it stops, so every replica hears every activation.</summary>
    public static void AddContractActivatedConsumer(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<ContractActivatedConsumer>().Endpoint(e =>
        {
            e.InstanceId = Guid.NewGuid().ToString("N")[..12];
            e.Temporary = true;
        });
}
