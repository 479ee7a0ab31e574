using MassTransit;
using RevOps.Grpc;
using RevOps.Reporting.Consumers;
using RevOps.Reporting.Data;
using RevOps.Reporting.Domain;

namespace RevOps.Reporting.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("reportingdb", typeof(Extensions).Assembly);
        builder.AddMessaging(bus =>
        {
            Consume<LeadCapturedConsumer>(bus);
            Consume<LeadScoredConsumer>(bus);
            Consume<LeadQualifiedConsumer>(bus);
            Consume<LeadAssignedConsumer>(bus);
            Consume<LeadTouchedConsumer>(bus);
            Consume<LeadAcceptedConsumer>(bus);
            Consume<LeadRejectedConsumer>(bus);
            Consume<OpportunityUpdatedConsumer>(bus);
            Consume<SlaClockStartedConsumer>(bus);
            Consume<SlaClockMetConsumer>(bus);
            Consume<SlaBreachedConsumer>(bus);
            Consume<LeadEscalatedConsumer>(bus);
            bus.AddContractActivatedConsumer();
        });
        builder.AddContractCatalog();
        builder.Services.AddGrpc();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ActiveContract>();
        builder.Services.AddSingleton<LeadFactStore>();
        builder.Services.AddSingleton<ReportAggregates>();
        builder.Services.AddSingleton<ReportQueries>();
        builder.Services.AddSingleton<FactsChanged>();
        builder.Services.AddSingleton<ScorecardWatch>();
        builder.Services.AddHostedService<FactsChangedListener>();
    }

    // A batch of events is one transaction; the endpoint prefetches two, so the next one fills while one is written. The time
    // limit is the most a quiet stream delays an event (and the scorecard watchers).
    private const int BatchMessageLimit = 250;
    private static readonly TimeSpan BatchTimeLimit = TimeSpan.FromMilliseconds(20);

    // Other services consume the same events: a "reporting-" queue of our own keeps them from sharing (and splitting) one.
    private static void Consume<TConsumer>(IBusRegistrationConfigurator bus) where TConsumer : class, IConsumer
    {
        var name = typeof(TConsumer).Name.Replace("Consumer", "", StringComparison.Ordinal);
        bus.AddConsumer<TConsumer>(c => c.Options<BatchOptions>(o => o.SetMessageLimit(BatchMessageLimit).SetTimeLimit(BatchTimeLimit)))
            .Endpoint(e =>
            {
                e.Name = "reporting-" + KebabCaseEndpointNameFormatter.Instance.SanitizeName(name);
                e.PrefetchCount = 2 * BatchMessageLimit;
                e.ConcurrentMessageLimit = 2 * BatchMessageLimit;
            });
    }
}
