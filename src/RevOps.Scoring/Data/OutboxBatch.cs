using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace RevOps.Scoring.Data;

/// <summary>
/// Adds outbox rows to a caller's <see cref="NpgsqlBatch"/> so many events share one round trip; the rows have the exact
/// shape <c>RevOps.ServiceDefaults.Messaging.Outbox.EnqueueAsync</c> writes (web JSON, "FullName, Assembly" type), which the relay reads.
/// </summary>
internal static class OutboxBatch
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Add<T>(NpgsqlBatch batch, Guid messageId, T message) where T : class =>
        batch.BatchCommands.Add(Command("INSERT INTO outbox (message_id, message_type, body) VALUES ($1, $2, $3)", messageId, message));

    /// <summary>Adds the event only if <paramref name="guardSql"/> (an INSERT ... ON CONFLICT DO NOTHING RETURNING 1 with parameters from $4) inserted a row.</summary>
    public static void AddIf<T>(NpgsqlBatch batch, string guardSql, Guid messageId, T message, params object?[] guardParameters) where T : class
    {
        var command = Command($"""
            WITH guard AS ({guardSql})
            INSERT INTO outbox (message_id, message_type, body) SELECT $1, $2, $3 FROM guard
            """, messageId, message);
        foreach (var value in guardParameters)
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        batch.BatchCommands.Add(command);
    }

    /// <summary>Wakes the relays; delivered only if the transaction commits.</summary>
    public static void Notify(NpgsqlBatch batch) => batch.BatchCommands.Add(new NpgsqlBatchCommand("NOTIFY outbox"));

    private static NpgsqlBatchCommand Command<T>(string sql, Guid messageId, T message) where T : class => new(sql)
    {
        Parameters =
        {
            new NpgsqlParameter { Value = messageId },
            new NpgsqlParameter { Value = $"{typeof(T).FullName}, {typeof(T).Assembly.GetName().Name}" },
            new NpgsqlParameter { Value = JsonSerializer.Serialize(message, Json), NpgsqlDbType = NpgsqlDbType.Jsonb },
        },
    };
}
