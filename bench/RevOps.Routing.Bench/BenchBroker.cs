using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace RevOps.Routing.Bench;

/// <summary>
/// The bench's side of the broker, on RabbitMQ.Client without MassTransit: the load generator shares the machine's two cores
/// with what it measures, and MassTransit's publisher and consumer took about a third of a core at 1,000 messages a second.
/// Messages are what a MassTransit publisher sends (persistent, publisher-confirmed, in MassTransit's JSON envelope, to the
/// message type's exchange), so the service consumes them as it consumes scoring's.
/// </summary>
internal sealed class BenchBroker : IAsyncDisposable
{
    /// <summary>The exchange and queue of the reference hop: the bench's own, declared like MassTransit's (durable fanout).</summary>
    public const string PingExchange = "bench-broker-ping";

    private const string LeadAssignedExchange = "RevOps.Contracts.Events:LeadAssigned";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IConnection _connection;
    private readonly IChannel _publisher;
    private readonly IChannel _consumer;

    private BenchBroker(IConnection connection, IChannel publisher, IChannel consumer) =>
        (_connection, _publisher, _consumer) = (connection, publisher, consumer);

    /// <summary>
    /// Connects, declares the ping exchange and a queue for it and one for LeadAssigned, and calls <paramref name="arrive"/>
    /// with the id of each ping or the lead of each LeadAssigned (and its decision time) as it is delivered.
    /// </summary>
    public static async Task<BenchBroker> ConnectAsync(Uri broker, Action<Guid, DateTimeOffset?> arrive)
    {
        var connection = await new ConnectionFactory { Uri = broker, ClientProvidedName = "routing-bench" }.CreateConnectionAsync();
        var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var consumer = await connection.CreateChannelAsync();
        foreach (var (exchange, queue) in new[] { (PingExchange, "bench-broker-ping"), (LeadAssignedExchange, "bench-lead-assigned") })
        {
            await consumer.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
            await consumer.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
            await consumer.QueueBindAsync(queue, exchange, routingKey: "");
            var handler = new AsyncEventingBasicConsumer(consumer);
            handler.ReceivedAsync += (_, delivery) =>
            {
                var message = JsonSerializer.Deserialize<Envelope>(delivery.Body.Span, Json)!.Message;
                arrive(message.LeadId ?? message.Id, message.LeadId is null ? null : message.OccurredAt);
                return Task.CompletedTask;
            };
            await consumer.BasicConsumeAsync(queue, autoAck: true, handler);
        }
        return new BenchBroker(connection, publisher, consumer);
    }

    /// <summary>
    /// Publishes <paramref name="message"/> to <paramref name="exchange"/>, by default the exchange MassTransit names after its
    /// type; completes when the broker confirmed it.
    /// </summary>
    public Task PublishAsync<T>(Guid messageId, string messageType, T message, string? exchange = null)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { messageId, messageType = new[] { $"urn:message:{messageType}" }, message }, Json);
        var properties = new BasicProperties
        {
            Persistent = true, ContentType = "application/vnd.masstransit+json", MessageId = messageId.ToString(),
        };
        return _publisher.BasicPublishAsync(exchange ?? messageType, routingKey: "", mandatory: false, properties, body).AsTask();
    }

    public async ValueTask DisposeAsync()
    {
        await _consumer.DisposeAsync();
        await _publisher.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private sealed record Envelope(Body Message);

    private sealed record Body(Guid Id, Guid? LeadId, DateTimeOffset? OccurredAt);
}
