using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using RevOps.Contracts.Events;
using RevOps.Hosting;
using RevOps.Reporting.ServiceTests.Infrastructure;
using RevOps.Reporting.Tests;

namespace RevOps.Reporting.ServiceTests;

/// <summary>
/// A broker upgraded from the version with a queue per event type: its own stack, since the service is stopped and started
/// around the old topology.
/// </summary>
public sealed class LegacyQueueTests
{
    private const string LegacyQueue = "reporting-lead-captured";

    [Fact]
    public async Task A_per_type_queue_of_the_version_before_is_emptied_into_the_events_queue_and_deleted()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { ForTesting = true });
        var postgres = builder.AddPostgres("postgres");
        var reportingDb = postgres.AddDatabase("reportingdb");
        postgres.AddDatabase("publisherdb");
        var messaging = builder.AddRabbitMQ("messaging");
        builder.AddProject<Projects.RevOps_Reporting>(ReportingStack.Service)
            .WithReference(reportingDb).WaitFor(reportingDb)
            .WithReference(messaging).WaitFor(messaging);
        await using var app = builder.Build();
        await app.StartAsync(ct);
        await app.ResourceNotifications.WaitForResourceHealthyAsync(ReportingStack.Service, ct);
        await app.StopResourceAsync(ReportingStack.Service, ct);

        // The version before's topology for one event type: its queue behind an exchange of its name, bound to the event's.
        var broker = new Uri((await app.GetConnectionStringAsync("messaging", ct))!);
        await using var connection = await new ConnectionFactory { Uri = broker }.CreateConnectionAsync(ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        await channel.ExchangeDeclareAsync(LegacyQueue, ExchangeType.Fanout, durable: true, cancellationToken: ct);
        await channel.QueueDeclareAsync(LegacyQueue, durable: true, exclusive: false, autoDelete: false, cancellationToken: ct);
        await channel.QueueBindAsync(LegacyQueue, LegacyQueue, string.Empty, cancellationToken: ct);
        await channel.ExchangeBindAsync(LegacyQueue, "RevOps.Contracts.Events:LeadCaptured", string.Empty, cancellationToken: ct);

        using var publisher = ReportingStack.BuildPublisher((await app.GetConnectionStringAsync("publisherdb", ct))!, broker.ToString());
        await publisher.StartAsync(ct);
        var bus = publisher.Services.GetRequiredService<IBus>();
        var start = new DateTimeOffset(2032, 10, 5, 9, 0, 0, TimeSpan.Zero);
        // Published: a copy in the events queue and one in the old queue. Sent to the old queue alone: only the move brings it.
        var published = new LeadEvents(Guid.NewGuid(), start).Captured(0);
        var onlyInTheOldQueue = new LeadEvents(Guid.NewGuid(), start).Captured(0);
        await bus.Publish(published, c => c.MessageId = published.EventId, ct);
        var oldQueue = await bus.GetSendEndpoint(new Uri("exchange:" + LegacyQueue));
        await oldQueue.Send(onlyInTheOldQueue, c => c.MessageId = onlyInTheOldQueue.EventId, ct);
        Assert.Equal(2u, (await channel.QueueDeclarePassiveAsync(LegacyQueue, ct)).MessageCount);

        await app.StartResourceAsync(ReportingStack.Service, ct);
        await app.ResourceNotifications.WaitForResourceHealthyAsync(ReportingStack.Service, ct);

        await using var db = NpgsqlDataSource.Create((await app.GetConnectionStringAsync("reportingdb", ct))!);
        await Eventually.ReturnsAsync(() => CapturedAsync(db, [published.LeadId, onlyInTheOldQueue.LeadId]), n => n == 2, TimeSpan.FromSeconds(30),
            "both leads captured");
        await Eventually.ReturnsAsync(() => ExistsAsync(connection, LegacyQueue), exists => !exists, TimeSpan.FromSeconds(30), $"{LegacyQueue} deleted");
        Assert.False(await ExistsAsync(connection, LegacyQueue, exchange: true));
        await publisher.StopAsync(ct);
    }

    private static async Task<long> CapturedAsync(NpgsqlDataSource db, Guid[] leads)
    {
        await using var command = db.CreateCommand("SELECT count(*) FROM lead_facts WHERE lead_id = ANY($1) AND captured_at IS NOT NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = leads });
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    private static async Task<bool> ExistsAsync(IConnection connection, string name, bool exchange = false)
    {
        // A passive declare of what is missing closes its channel: one channel per probe.
        await using var probe = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
        try
        {
            if (exchange)
                await probe.ExchangeDeclarePassiveAsync(name, TestContext.Current.CancellationToken);
            else
                await probe.QueueDeclarePassiveAsync(name, TestContext.Current.CancellationToken);
            return true;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == Constants.NotFound)
        {
            return false;
        }
    }
}
