using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RevOps.ServiceDefaults.Messaging;

namespace RevOps.Routing.Tests.Infrastructure;

/// <summary>
/// The router's publisher over MassTransit's in-memory bus: these tests read what routing wrote to PostgreSQL, and the
/// events it publishes after commit reach no one. The service tests publish through RabbitMQ.
/// </summary>
internal static class TestOutbox
{
    private static readonly Lazy<IBusControl> InMemoryBus = new(() =>
    {
        var bus = Bus.Factory.CreateUsingInMemory(_ => { });
        bus.Start();
        return bus;
    });

    public static OutboxPublisher Publisher(NpgsqlDataSource dataSource) => new(dataSource, InMemoryBus.Value, NullLogger<OutboxPublisher>.Instance);
}
