using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace RevOps.Reporting.Messaging;

/// <summary>
/// Retires the queues reporting had before <see cref="Extensions.Extensions.EventsQueue"/>: one per event type
/// (<c>reporting-lead-captured</c>, ...), each behind an exchange of its name bound to its event's exchange, so on an upgraded
/// broker they would go on receiving a copy of every event. Once the bus is up: the queue's exchange is deleted (no new
/// copies), what the queue holds is moved to the events queue (published with a confirm before it is acknowledged, so a crash
/// repeats a move, never loses one; the inbox ignores the repeat, as it does the copy the events queue got itself), and the
/// queue is deleted when empty and unused. Their _error queues are left for an operator.
/// </summary>
public sealed partial class LegacyQueueDrain(IConfiguration configuration, ILogger<LegacyQueueDrain> logger) : BackgroundService
{
    /// <summary>The per-type queues of the reporting version before, by the names MassTransit gave their consumers.</summary>
    public static IReadOnlyList<string> Queues { get; } =
    [
        "reporting-lead-captured", "reporting-lead-scored", "reporting-lead-qualified", "reporting-lead-assigned",
        "reporting-lead-touched", "reporting-lead-accepted", "reporting-lead-rejected", "reporting-opportunity-updated",
        "reporting-sla-clock-started", "reporting-sla-clock-met", "reporting-sla-breached", "reporting-lead-escalated",
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var broker = new Uri(configuration.GetConnectionString(MessagingExtensions.ConnectionName)!);
        var factory = new ConnectionFactory { Uri = broker, ClientProvidedName = "reporting-legacy-queue-drain" };
        try
        {
            await using var connection = await factory.CreateConnectionAsync(stoppingToken);
            foreach (var queue in Queues)
                await DrainAsync(connection, queue, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Nothing is lost: what was not moved stays in its queue for the next start.
            LogFailed(e);
        }
    }

    private async Task DrainAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        var options = new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true);
        await using var channel = await connection.CreateChannelAsync(options, cancellationToken);
        try
        {
            await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == Constants.NotFound)
        {
            return; // never there, or retired already
        }
        await channel.ExchangeDeleteAsync(queue, ifUnused: false, cancellationToken: cancellationToken);
        var moved = 0;
        while (await channel.BasicGetAsync(queue, autoAck: false, cancellationToken) is { } message)
        {
            // Mandatory: should the events queue be missing, the broker returns the message (an exception here) instead of dropping it.
            await channel.BasicPublishAsync(string.Empty, Extensions.Extensions.EventsQueue, mandatory: true,
                new BasicProperties(message.BasicProperties), message.Body, cancellationToken);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            moved++;
        }
        try
        {
            await channel.QueueDeleteAsync(queue, ifUnused: true, ifEmpty: true, cancellationToken: cancellationToken);
            LogRetired(queue, moved);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == Constants.PreconditionFailed)
        {
            LogStillInUse(queue, moved); // an instance of the version before still consumes it
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retired the queue {Queue} of the version before, moving its {Moved} messages to the events queue")]
    private partial void LogRetired(string queue, int moved);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The queue {Queue} of the version before is still consumed; moved {Moved} messages, deleting it at the next start")]
    private partial void LogStillInUse(string queue, int moved);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retiring the queues of the version before failed; what they hold stays for the next start")]
    private partial void LogFailed(Exception exception);
}
