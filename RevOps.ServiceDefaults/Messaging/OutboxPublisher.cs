using System.Threading.Channels;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace RevOps.ServiceDefaults.Messaging;

/// <summary>
/// Publishes a transaction's outbox messages as soon as it committed, instead of waiting for the relay to be woken, read them
/// back and publish them: the relay's round trips leave the path of the latency-critical events (routing's LeadAssigned).
/// Rows are marked published in the background, every <see cref="MarkInterval"/>, many per statement. The guarantee stays the
/// outbox's: a message that is not confirmed (the broker refused it, the process died first) is published by the relay once
/// <see cref="RelayGrace"/> passed, and one published twice carries the same MessageId, which consumers' inboxes ignore.
/// </summary>
public sealed partial class OutboxPublisher(NpgsqlDataSource dataSource, IBus bus, ILogger<OutboxPublisher> logger) : BackgroundService
{
    /// <summary>How long the relay leaves rows written for this publisher alone: far longer than a publish confirm takes.</summary>
    public static readonly TimeSpan RelayGrace = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long confirmed ids gather before they are marked: a few statements a second at a thousand messages a second instead
    /// of one per transaction (at 1,000 leads/s, routing's PostgreSQL CPU per lead fell by a tenth), and far inside the grace.
    /// </summary>
    private static readonly TimeSpan MarkInterval = TimeSpan.FromMilliseconds(200);

    private const int MarkBatchSize = 1024;
    private readonly Channel<Guid> _confirmed = Channel.CreateUnbounded<Guid>();

    /// <summary>
    /// Publishes messages whose rows <see cref="Outbox.Enqueue"/> wrote with <c>publishedAfterCommit</c>, once their transaction
    /// committed. Returns at once; a failure is logged and left to the relay.
    /// </summary>
    public void PublishCommitted(IReadOnlyCollection<(Guid MessageId, object Message)> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count > 0)
            _ = PublishAsync(messages);
    }

    private async Task PublishAsync(IReadOnlyCollection<(Guid MessageId, object Message)> messages)
    {
        try
        {
            // Past the grace the relay publishes them anyway: waiting longer only holds memory.
            using var timeout = new CancellationTokenSource(RelayGrace);
            await Outbox.PublishAsync(bus, messages.Select(m => (m.MessageId, m.Message.GetType(), m.Message)), timeout.Token);
            foreach (var (messageId, _) in messages)
                _confirmed.Writer.TryWrite(messageId);
        }
        catch (Exception e)
        {
            LogPublishFailed(logger, messages.Count, e);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _confirmed.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(MarkInterval, stoppingToken);
                do
                    await MarkAsync(stoppingToken);
                while (_confirmed.Reader.Count > 0);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // What was confirmed before the stop is marked still, so a restart does not publish it again.
            using var last = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            while (_confirmed.Reader.Count > 0 && !last.IsCancellationRequested)
                await MarkAsync(last.Token);
        }
    }

    private async Task MarkAsync(CancellationToken cancellationToken)
    {
        var ids = new List<Guid>(MarkBatchSize);
        while (ids.Count < MarkBatchSize && _confirmed.Reader.TryRead(out var id))
            ids.Add(id);
        try
        {
            await using var mark = dataSource.CreateCommand("UPDATE outbox SET published_at = now() WHERE message_id = ANY($1) AND published_at IS NULL");
            mark.Parameters.Add(new() { Value = ids.ToArray() });
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception e)
        {
            // Unmarked rows are published again by the relay after the grace: a duplicate the inboxes ignore.
            LogMarkFailed(logger, ids.Count, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Count} committed outbox messages failed; the relay publishes them after the grace")]
    private static partial void LogPublishFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Marking {Count} outbox messages published failed; the relay publishes them again after the grace")]
    private static partial void LogMarkFailed(ILogger logger, int count, Exception exception);
}
