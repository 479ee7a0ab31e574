using MassTransit;
using RevOps.Grpc;
using RevOps.Reporting.Consumers;
using RevOps.Reporting.Data;
using RevOps.Reporting.Domain;
using RevOps.Reporting.Messaging;

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
            Consume<SlaBreachAnnotatedConsumer>(bus);
            // Escalations add no fact any more (a breach's reason is its annotation). The consumer stays so that the queue's
            // existing binding to LeadEscalated does not fill reporting-events_skipped.
            Consume<LeadEscalatedConsumer>(bus);
            bus.AddContractActivatedConsumer();
        });
        builder.AddContractCatalog();
        builder.Services.AddGrpc();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ActiveContract>();
        builder.Services.AddSingleton<LeadFactStore>();
        builder.Services.AddSingleton<LeadFactBatcher>();
        builder.Services.AddSingleton<ReportQueries>();
        builder.Services.AddSingleton<FactsChanged>();
        builder.Services.AddSingleton<ScorecardWatch>();
        builder.Services.AddSingleton<FactMirror>();
        builder.Services.AddHostedService(services => services.GetRequiredService<FactMirror>());
        builder.Services.AddHealthChecks().AddCheck<FactMirror>("facts");
        // After the bus, which has declared the events queue the old queues' messages move to.
        builder.Services.AddHostedService<LegacyQueueDrain>();
    }

    /// <summary>
    /// The one queue of every event the read models take, bound to each event's exchange: the batcher's transactions fill
    /// across event types. Other services consume the same events: a "reporting-" queue of our own keeps them from sharing one.
    /// </summary>
    public const string EventsQueue = "reporting-events";

    // Enough unacknowledged messages for every batcher worker's batch in flight and the next one to fill behind them.
    private const int MessagesInFlight = (LeadFactBatcher.Workers + 1) * LeadFactBatcher.MaxBatch;

    private static void Consume<TConsumer>(IBusRegistrationConfigurator bus) where TConsumer : class, IConsumer =>
        bus.AddConsumer<TConsumer>().Endpoint(e =>
        {
            e.Name = EventsQueue;
            e.PrefetchCount = MessagesInFlight;
            e.ConcurrentMessageLimit = MessagesInFlight;
        });
}
