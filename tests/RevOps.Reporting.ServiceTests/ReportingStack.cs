using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RevOps.Contracts.Events;
using RevOps.Grpc;
using RevOps.Hosting;
using RevOps.Reporting.ServiceTests.Infrastructure;

[assembly: AssemblyFixture(typeof(RevOps.Reporting.ServiceTests.ReportingStack))]

namespace RevOps.Reporting.ServiceTests;

/// <summary>
/// PostgreSQL, RabbitMQ and the reporting service as real processes, plus a publisher in the test process that puts events
/// on the bus the way the other services do (their message id is the event id). Tests keep apart by using periods of their own.
/// </summary>
public sealed class ReportingStack : IAsyncLifetime
{
    public const string Service = "reporting";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private DistributedApplication? _app;
    private IHost? _publisher;
    private GrpcChannel? _channel;

    public DistributedApplication App => _app!;

    /// <summary>reportingdb, for checking what the service's inbox took in.</summary>
    public NpgsqlDataSource ReportingDb { get; private set; } = null!;

    public ReportingClient Client { get; private set; } = null!;

    public Uri GrpcAddress => App.GetEndpoint(Service, "grpc");

    public Uri HttpAddress => App.GetEndpoint(Service, "http");

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var ct = timeout.Token;
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { ForTesting = true });
        var postgres = builder.AddPostgres("postgres");
        var reportingDb = postgres.AddDatabase("reportingdb");
        postgres.AddDatabase("publisherdb");
        var messaging = builder.AddRabbitMQ("messaging");
        builder.AddProject<Projects.RevOps_Reporting>(Service)
            .WithReference(reportingDb).WaitFor(reportingDb)
            .WithReference(messaging).WaitFor(messaging);
        _app = builder.Build();
        await _app.StartAsync(ct);

        await _app.ResourceNotifications.WaitForResourceHealthyAsync("publisherdb", ct);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("messaging", ct);
        _publisher = BuildPublisher((await _app.GetConnectionStringAsync("publisherdb", ct))!, (await _app.GetConnectionStringAsync("messaging", ct))!);
        await _publisher.StartAsync(ct);

        // Healthy means MassTransit started, so the service's queues are bound before the first publish.
        await _app.ResourceNotifications.WaitForResourceHealthyAsync(Service, ct);
        ReportingDb = NpgsqlDataSource.Create((await _app.GetConnectionStringAsync("reportingdb", ct))!);
        _channel = GrpcChannel.ForAddress(GrpcAddress);
        Client = new ReportingClient(_channel);
    }

    public async ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        if (ReportingDb is not null)
            await ReportingDb.DisposeAsync();
        if (_publisher is not null)
        {
            await _publisher.StopAsync(CancellationToken.None);
            _publisher.Dispose();
        }
        if (_app is not null)
            await _app.DisposeAsync();
    }

    /// <summary>Publishes each event with its event id as the message id, as the services' outbox relays do.</summary>
    public async Task PublishAsync(IEnumerable<IIntegrationEvent> events)
    {
        var bus = _publisher!.Services.GetRequiredService<IBus>();
        foreach (var integrationEvent in events)
            await bus.Publish(integrationEvent, integrationEvent.GetType(), c => c.MessageId = integrationEvent.EventId, TestContext.Current.CancellationToken);
    }

    /// <summary>Publishes with an explicit message id: a redelivery of <paramref name="messageId"/>, whatever the body says.</summary>
    public async Task PublishAsync(IIntegrationEvent integrationEvent, Guid messageId)
    {
        var bus = _publisher!.Services.GetRequiredService<IBus>();
        await bus.Publish(integrationEvent, integrationEvent.GetType(), c => c.MessageId = messageId, TestContext.Current.CancellationToken);
    }

    /// <summary>Waits until the service's inbox holds every one of <paramref name="messageIds"/>.</summary>
    public Task WaitForInboxAsync(IEnumerable<Guid> messageIds)
    {
        var ids = messageIds.Distinct().ToArray();
        return Eventually.ReturnsAsync(
            async () =>
            {
                await using var command = ReportingDb.CreateCommand("SELECT count(DISTINCT message_id) FROM inbox WHERE message_id = ANY($1)");
                command.Parameters.Add(new NpgsqlParameter { Value = ids });
                return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
            },
            count => count == ids.Length, TimeSpan.FromSeconds(30), $"{ids.Length} messages in the reporting inbox");
    }

    /// <summary>
    /// The message ids that reach <paramref name="queue"/> (e.g. a consumer's _error queue) from now on, taken off it as
    /// they arrive by a receive endpoint of the test's own.
    /// </summary>
    public async Task<ConcurrentQueue<Guid>> WatchQueueAsync<T>(string queue) where T : class
    {
        var seen = new ConcurrentQueue<Guid>();
        var connector = _publisher!.Services.GetRequiredService<IReceiveEndpointConnector>();
        var handle = connector.ConnectReceiveEndpoint(queue, (_, e) =>
        {
            e.ConfigureConsumeTopology = false; // only what is put on the queue, not every T published
            e.Handler<T>(c =>
            {
                seen.Enqueue(c.MessageId!.Value);
                return Task.CompletedTask;
            });
        });
        await handle.Ready;
        return seen;
    }

    /// <summary>A bus in the test process that publishes as the other services do, with a database for its outbox.</summary>
    internal static IHost BuildPublisher(string database, string messaging)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:publisherdb"] = database,
            ["ConnectionStrings:messaging"] = messaging,
        });
        builder.AddNpgsqlDataSource("publisherdb", typeof(ReportingStack).Assembly);
        builder.AddMessaging();
        return builder.Build();
    }
}
