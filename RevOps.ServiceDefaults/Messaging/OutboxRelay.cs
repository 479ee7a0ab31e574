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
/// again with the same MessageId, which consumers' inboxes ignore: at-least-once plus idempotence.
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

    /// <summary>Publishes one batch; returns how many rows it published.</summary>
    public async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var rows = new List<(long Sequence, Guid MessageId, string Type, string Body)>();
        await using (var select = new NpgsqlCommand($"""
            SELECT sequence, message_id, message_type, body::text FROM outbox
            WHERE published_at IS NULL ORDER BY sequence LIMIT {BatchSize}
            FOR UPDATE SKIP LOCKED
            """, connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                rows.Add((reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3)));
        }
        if (rows.Count == 0)
            return 0;

        // Confirms are awaited together: one broker round trip per batch instead of per message. A confirm lost with a broker
        // that died must not hold the rows' locks forever: past the timeout the batch rolls back and is published again.
        using (var confirmed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            confirmed.CancelAfter(ConfirmTimeout);
            await Task.WhenAll(rows.Select(row => PublishAsync(row.MessageId, row.Type, row.Body, confirmed.Token)))
                .WaitAsync(ConfirmTimeout, cancellationToken);
        }

        await using (var mark = new NpgsqlCommand(
            "UPDATE outbox SET published_at = now() WHERE sequence = ANY($1)", connection, transaction)
            { Parameters = { new() { Value = rows.Select(r => r.Sequence).ToArray() } } })
            await mark.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows.Count;
    }

    private Task PublishAsync(Guid messageId, string typeName, string body, CancellationToken cancellationToken)
    {
        var type = Types.GetOrAdd(typeName, name => Type.GetType(name, throwOnError: true)!);
        var message = JsonSerializer.Deserialize(body, type, Outbox.Json)!;
        return bus.Publish(message, type, Pipe.Execute<PublishContext>(ctx => ctx.MessageId = messageId), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay failed; retrying")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception);
}
