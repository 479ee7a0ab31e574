using MassTransit;
using Npgsql;

namespace RevOps.ServiceDefaults.Messaging;

/// <summary>
/// Base for consumers whose effects live in the service's database: the inbox row and the effects commit in one
/// transaction, so a redelivered message (same MessageId) changes nothing.
/// </summary>
public abstract class InboxConsumer<T>(NpgsqlDataSource dataSource) : IConsumer<T> where T : class
{
    public async Task Consume(ConsumeContext<T> context)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(T).Name} arrived without a MessageId; it cannot be deduplicated.");
        var cancellationToken = context.CancellationToken;

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var inbox = new NpgsqlBatch(connection, transaction) { BatchCommands = { Inbox.Claim(messageId, GetType().Name) } })
        {
            if (await inbox.ExecuteNonQueryAsync(cancellationToken) == 0)
                return; // already handled
        }
        await HandleAsync(context.Message, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        OnCommitted();
    }

    /// <summary>Runs once the message's effects committed, e.g. to hand their events to <see cref="OutboxPublisher.PublishCommitted"/>.</summary>
    protected virtual void OnCommitted()
    {
    }

    /// <summary>Applies the message inside <paramref name="transaction"/>; enqueue follow-up events with <see cref="Outbox"/>.</summary>
    protected abstract Task HandleAsync(T message, NpgsqlTransaction transaction, CancellationToken cancellationToken);
}
