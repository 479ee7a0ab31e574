using System.Text.Json;
using MassTransit;
using Npgsql;

namespace RevOps.ServiceDefaults.Messaging;

/// <summary>
/// Writes integration events into the <c>outbox</c> table inside the caller's transaction, so an event exists
/// exactly when the state change that caused it commits. <see cref="OutboxRelay"/> publishes them, or the writer itself
/// through <see cref="OutboxPublisher"/> once it committed, with the relay as the safety net.
/// </summary>
public static class Outbox
{
    /// <summary>Channel the relay listens on; the notification is delivered only if the transaction commits.</summary>
    internal const string Channel = "outbox";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Adds <paramref name="message"/> to the outbox; <paramref name="messageId"/> becomes its MassTransit MessageId.</summary>
    public static Task EnqueueAsync<T>(NpgsqlTransaction transaction, Guid messageId, T message, CancellationToken cancellationToken)
        where T : class =>
        EnqueueAsync(transaction, [(messageId, (object)message)], cancellationToken);

    /// <summary>Adds every message to the outbox in order, in one round trip; each id becomes its message's MassTransit MessageId.</summary>
    public static async Task EnqueueAsync(NpgsqlTransaction transaction, IReadOnlyCollection<(Guid MessageId, object Message)> messages,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
            return;
        var connection = transaction.Connection ?? throw new InvalidOperationException("The transaction has completed.");
        await using var batch = new NpgsqlBatch(connection, transaction);
        Enqueue(batch, messages);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Adds every message's outbox row, in order, to a batch the caller executes in its transaction: one statement and one
    /// NOTIFY however many messages there are. Each id becomes its message's MassTransit MessageId. With
    /// <paramref name="publishedAfterCommit"/> the caller hands the same messages to <see cref="OutboxPublisher.PublishCommitted"/>
    /// after its commit; the relay leaves them alone for <see cref="OutboxPublisher.RelayGrace"/>, and is not woken.
    /// </summary>
    public static void Enqueue(NpgsqlBatch batch, IReadOnlyCollection<(Guid MessageId, object Message)> messages, bool publishedAfterCommit = false)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
            return;
        var ids = new Guid[messages.Count];
        var types = new string[messages.Count];
        var bodies = new string[messages.Count];
        var i = 0;
        foreach (var (messageId, message) in messages)
        {
            ArgumentNullException.ThrowIfNull(message);
            (ids[i], types[i], bodies[i]) = (messageId, TypeName(message.GetType()), JsonSerializer.Serialize(message, message.GetType(), Json));
            i++;
        }
        // One statement for the whole batch, ordered by position so sequence numbers (the relay's publish order) follow the caller's.
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            INSERT INTO outbox (message_id, message_type, body, relay_after)
            SELECT id, type, body::jsonb, now() + $4 FROM unnest($1::uuid[], $2::text[], $3::text[]) WITH ORDINALITY AS m(id, type, body, n) ORDER BY n
            """)
        {
            Parameters =
            {
                new() { Value = ids }, new() { Value = types }, new() { Value = bodies },
                new() { Value = publishedAfterCommit ? OutboxPublisher.RelayGrace : (object)DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Interval },
            },
        });
        if (!publishedAfterCommit)
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"NOTIFY {Channel}"));
    }

    /// <summary>Publishes the messages, each with its outbox id as MassTransit MessageId; the confirms are awaited together.</summary>
    internal static Task PublishAsync(IBus bus, IEnumerable<(Guid MessageId, Type Type, object Message)> messages, CancellationToken cancellationToken) =>
        Task.WhenAll(messages.Select(m => bus.Publish(m.Message, m.Type, Pipe.Execute<PublishContext>(ctx => ctx.MessageId = m.MessageId), cancellationToken)));

    internal static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
