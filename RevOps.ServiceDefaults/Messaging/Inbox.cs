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
}
