using Microsoft.Extensions.DependencyInjection.Extensions;
using RevOps.Grpc;
using RevOps.Sla.Consumers;
using RevOps.Sla.Data;
using RevOps.Sla.Domain;
using RevOps.Sla.Grpc;
using RevOps.Sla.Timers;

namespace RevOps.Sla.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("sladb", typeof(Extensions).Assembly);
        builder.AddMessaging(bus =>
        {
            bus.AddConsumer<LeadAssignedConsumer>();
            bus.AddConsumer<LeadTouchedConsumer>();
            bus.AddConsumer<LeadAcceptedConsumer>();
            bus.AddConsumer<LeadRejectedConsumer>();
            bus.AddContractActivatedConsumer();
        });
        builder.AddContractCatalog();

        // Tests inject their own clock, contract and retry policy before this runs.
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<ActiveContract>();
        builder.Services.AddSingleton<ClockStore>();
        builder.Services.AddSingleton<BreachFiring>();
        builder.Services.AddOptions<SlaTimerOptions>().BindConfiguration("Sla:Timer");
        builder.Services.AddHostedService<SlaTimer>();
        builder.Services.TryAddSingleton(WebhookRetryPolicy.Default);
        builder.Services.AddHttpClient(WebhookSender.HttpClientName);
        builder.Services.AddHostedService<WebhookSender>();

        builder.Services.AddGrpc();
        builder.Services.AddSingleton<SlaService>();
    }
}
