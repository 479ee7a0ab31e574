using Npgsql;

namespace RevOps.ServiceDefaults.Messaging;

/// <summary>The <c>inbox</c> table: one row per (message, consumer) handled, written in the transaction of the message's effects.</summary>
public static class Inbox
{
    /// <summary>Claims the message for the consumer: affects one row the first time, none when it was handled already.</summary>
    public static NpgsqlBatchCommand Claim(Guid messageId, string consumer) =>
        new("INSERT INTO inbox (message_id, consumer) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        {
            Parameters = { new() { Value = messageId }, new() { Value = consumer } },
        };

    /// <summary>
    /// Claims many messages in one statement; it returns the (message_id, consumer) rows claimed now. A message twice in the list
    /// is claimed once.
    /// </summary>
    public static NpgsqlBatchCommand ClaimAll(IReadOnlyCollection<(Guid MessageId, string Consumer)> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return new("""
            INSERT INTO inbox (message_id, consumer) SELECT * FROM unnest($1::uuid[], $2::text[])
            ON CONFLICT DO NOTHING RETURNING message_id, consumer
            """)
        {
            Parameters = { new() { Value = messages.Select(m => m.MessageId).ToArray() }, new() { Value = messages.Select(m => m.Consumer).ToArray() } },
        };
    }
}
