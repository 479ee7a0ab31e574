using MassTransit;
using RevOps.Grpc;
using RevOps.Redis;
using RevOps.Routing.Consumers;
using RevOps.Routing.Data;
using RevOps.Routing.Domain;

namespace RevOps.Routing.Extensions;

internal static class Extensions
{
    // While Redis is down the message stays unacknowledged and is retried here, instead of reaching the error queue.
    private static readonly TimeSpan RedisOutageRetryInterval = TimeSpan.FromSeconds(1);
    private const int RedisOutageRetries = 600;

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("routingdb", typeof(Extensions).Assembly);
        builder.AddRedisClient("redis");
        builder.AddMessaging(bus =>
        {
            // Enough leads in flight to fill every batch worker and the batches after them (MassTransit's default is two per core).
            bus.AddConsumer<LeadQualifiedConsumer>(RetryWhileRedisIsDown).Endpoint(e =>
            {
                e.PrefetchCount = 2 * RoutingBatcher.Workers * RoutingBatcher.MaxBatch;
                e.ConcurrentMessageLimit = 2 * RoutingBatcher.Workers * RoutingBatcher.MaxBatch;
            });
            bus.AddConsumer<LeadEscalatedConsumer>(RetryWhileRedisIsDown);
            bus.AddConsumer<LeadAcceptedConsumer>(RetryWhileRedisIsDown);
            bus.AddConsumer<LeadRejectedConsumer>(RetryWhileRedisIsDown);
            bus.AddContractActivatedConsumer();
        });
        builder.AddContractCatalog();

        var services = builder.Services;
        services.AddGrpc();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<RoutingContracts>();
        services.AddSingleton<IRoutingRules>(sp => sp.GetRequiredService<RoutingContracts>());
        services.AddSingleton<IRedisScripting, RedisScripting>();
        services.AddSingleton<RotationCache>();
        services.AddSingleton<AssignmentStore>();
        services.AddSingleton<Router>();
        services.AddSingleton<RoutingBatcher>();
        services.AddHostedService<ContractTeamsSeeder>();
    }

    private static void RetryWhileRedisIsDown<TConsumer>(IConsumerConfigurator<TConsumer> consumer) where TConsumer : class =>
        consumer.UseMessageRetry(r =>
        {
            r.Handle<RedisConnectionException>();
            r.Handle<RedisTimeoutException>();
            r.Interval(RedisOutageRetries, RedisOutageRetryInterval);
        });
}
