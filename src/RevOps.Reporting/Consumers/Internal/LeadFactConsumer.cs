using MassTransit;
using RevOps.Contracts.Events;
using RevOps.Reporting.Domain;

namespace RevOps.Reporting.Consumers.Internal;

/// <summary>
/// Hands an event to <see cref="LeadFactBatcher"/>, which merges it into the read models in a transaction with the events of
/// every type consumed alongside it; the message is acknowledged once that transaction commits. A failing message faults on
/// its own (retried, then the _error queue).
/// </summary>
internal abstract class LeadFactConsumer<T>(LeadFactBatcher batcher) : IConsumer<T>
    where T : class, IIntegrationEvent
{
    public Task Consume(ConsumeContext<T> context)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(T).Name} arrived without a MessageId; it cannot be deduplicated.");
        // Claimed under this consumer's own name, as when each type had its own queue, so those claims keep deduplicating.
        return batcher.ApplyAsync(new InboxMessage(messageId, GetType().Name, context.Message)).WaitAsync(context.CancellationToken);
    }
}
