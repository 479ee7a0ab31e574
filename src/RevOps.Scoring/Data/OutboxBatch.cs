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

    /// <summary>The message_type column: "FullName, Assembly", which the relay resolves.</summary>
    public static string TypeName<T>() => $"{typeof(T).FullName}, {typeof(T).Assembly.GetName().Name}";

    /// <summary>The body column: web JSON, which the relay deserializes.</summary>
    public static string Serialize<T>(T message) where T : class => JsonSerializer.Serialize(message, Json);

    /// <summary>Wakes the relays; delivered only if the transaction commits.</summary>
    public static void Notify(NpgsqlBatch batch) => batch.BatchCommands.Add(new NpgsqlBatchCommand("NOTIFY outbox"));

    private static NpgsqlBatchCommand Command<T>(string sql, Guid messageId, T message) where T : class => new(sql)
    {
        Parameters =
        {
            new NpgsqlParameter { Value = messageId },
            new NpgsqlParameter { Value = TypeName<T>() },
            new NpgsqlParameter { Value = Serialize(message), NpgsqlDbType = NpgsqlDbType.Jsonb },
        },
    };
}
