using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Hosting;
using RevOps.Contracts.Events;

namespace RevOps.Sla.Tests.Service;

/// <summary>A plain MassTransit bus that publishes the SLA service's inputs and records every SLA event it publishes.</summary>
public sealed class BusProbe : IAsyncDisposable
{
    private readonly IBusControl _bus;

    private BusProbe(IBusControl bus) => _bus = bus;

    public ConcurrentQueue<SlaBreached> Breaches { get; } = new();
    public ConcurrentQueue<SlaClockMet> Met { get; } = new();
    public ConcurrentQueue<SlaClockStarted> Started { get; } = new();
    public ConcurrentQueue<LeadEscalated> Escalations { get; } = new();
    public ConcurrentQueue<SlaBreachAnnotated> Annotations { get; } = new();

    public static async Task<BusProbe> StartAsync(string messaging, CancellationToken cancellationToken)
    {
        BusProbe? probe = null;
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.UseBroker(new Uri(messaging));
            rabbit.ReceiveEndpoint("sla-tests-probe", endpoint =>
            {
                endpoint.Handler<SlaBreached>(context => Record(probe!.Breaches, context.Message));
                endpoint.Handler<SlaClockMet>(context => Record(probe!.Met, context.Message));
                endpoint.Handler<SlaClockStarted>(context => Record(probe!.Started, context.Message));
                endpoint.Handler<LeadEscalated>(context => Record(probe!.Escalations, context.Message));
                endpoint.Handler<SlaBreachAnnotated>(context => Record(probe!.Annotations, context.Message));
            });
        });
        probe = new BusProbe(bus);
        await bus.StartAsync(cancellationToken);
        return probe;
    }

    public Task PublishAsync<T>(T message, CancellationToken cancellationToken) where T : class => _bus.Publish(message, cancellationToken);

    public async ValueTask DisposeAsync() => await _bus.StopAsync();

    private static Task Record<T>(ConcurrentQueue<T> queue, T message)
    {
        queue.Enqueue(message);
        return Task.CompletedTask;
    }
}
