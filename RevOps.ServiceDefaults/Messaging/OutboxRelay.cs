using System.Collections.Concurrent;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace RevOps.ServiceDefaults.Messaging;

/// <summary>
/// Publishes outbox rows to RabbitMQ in order and marks them published only after the broker confirmed them.
/// Replicas share the table with <c>FOR UPDATE SKIP LOCKED</c>. A crash between confirm and commit publishes a row
/// again with the same MessageId, which consumers' inboxes ignore: at-least-once plus idempotence. A row that can never be
/// published (its type or body no longer resolves) is set aside with the reason, so it does not stop every row behind it.
/// </summary>
public sealed partial class OutboxRelay(NpgsqlDataSource dataSource, IBus bus, ILogger<OutboxRelay> logger) : BackgroundService
{
    private const int BatchSize = 256;
    // NOTIFY wakes the relay at once; the poll covers notifications missed while (re)connecting.
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(30);
    // Type names resolve once per type, not once per row.
    private static readonly ConcurrentDictionary<string, Type> Types = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var listener = await dataSource.OpenConnectionAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Outbox.Channel}", listener))
                    await listen.ExecuteNonQueryAsync(stoppingToken);

                while (!stoppingToken.IsCancellationRequested)
                {
                    if (await RelayBatchAsync(stoppingToken) == BatchSize)
                        continue;
                    await listener.WaitAsync(PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRelayFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    /// <summary>Publishes one batch; returns how many rows it took off the queue (published or set aside).</summary>
    public async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var rows = new List<(long Sequence, Guid MessageId, string Type, string Body)>();
        await using (var select = new NpgsqlCommand($"""
            SELECT sequence, message_id, message_type, body::text FROM outbox
            WHERE published_at IS NULL AND unpublishable IS NULL AND (relay_after IS NULL OR relay_after <= now())
            ORDER BY sequence LIMIT {BatchSize}
            FOR UPDATE SKIP LOCKED
            """, connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                rows.Add((reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3)));
        }
        if (rows.Count == 0)
            return 0;

        var messages = new List<(long Sequence, Guid MessageId, Type Type, object Message)>(rows.Count);
        var unpublishable = new List<(long Sequence, string Reason)>();
        foreach (var row in rows)
        {
            try
            {
                var type = Types.GetOrAdd(row.Type, name => Type.GetType(name, throwOnError: true)!);
                messages.Add((row.Sequence, row.MessageId, type, JsonSerializer.Deserialize(row.Body, type, Outbox.Json)
                    ?? throw new JsonException("The body is null.")));
            }
            catch (Exception ex) when (ex is TypeLoadException or FileNotFoundException or FileLoadException or JsonException or NotSupportedException)
            {
                LogUnpublishable(logger, row.Sequence, row.MessageId, row.Type, ex);
                unpublishable.Add((row.Sequence, $"{ex.GetType().Name}: {ex.Message}"));
            }
        }

        // Confirms are awaited together: one broker round trip per batch instead of per message. A confirm lost with a broker
        // that died must not hold the rows' locks forever: past the timeout the batch rolls back and is published again.
        using (var confirmed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            confirmed.CancelAfter(ConfirmTimeout);
            await Outbox.PublishAsync(bus, messages.Select(m => (m.MessageId, m.Type, m.Message)), confirmed.Token)
                .WaitAsync(ConfirmTimeout, cancellationToken);
        }

        await using (var mark = new NpgsqlCommand("UPDATE outbox SET published_at = now() WHERE sequence = ANY($1)", connection, transaction)
            { Parameters = { new() { Value = messages.Select(m => m.Sequence).ToArray() } } })
            await mark.ExecuteNonQueryAsync(cancellationToken);
        if (unpublishable.Count > 0)
        {
            await using var setAside = new NpgsqlCommand(
                "UPDATE outbox o SET unpublishable = u.reason FROM unnest($1::bigint[], $2::text[]) u(sequence, reason) WHERE o.sequence = u.sequence",
                connection, transaction)
            {
                Parameters =
                {
                    new() { Value = unpublishable.Select(u => u.Sequence).ToArray() },
                    new() { Value = unpublishable.Select(u => u.Reason).ToArray() },
                },
            };
            await setAside.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return rows.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay failed; retrying")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox row {Sequence} (message {MessageId}, type {MessageType}) can never be published; set aside in outbox.unpublishable")]
    private static partial void LogUnpublishable(ILogger logger, long sequence, Guid messageId, string messageType, Exception exception);
}
