using System.Diagnostics;
using System.Runtime.ExceptionServices;
using MassTransit;
using RevOps.Contracts.Events;
using RevOps.Reporting.Domain;
using RevOps.ServiceDefaults;

namespace RevOps.Reporting.Consumers.Internal;

/// <summary>
/// Merges a batch of one event type into the read models in one transaction (<see cref="LeadFactStore.ApplyAsync"/>: inbox
/// claims, one upsert per lead, one NOTIFY). A batch that fails for any reason but a database outage is applied again one
/// message at a time: those that apply are marked consumed, which keeps MassTransit from faulting them with the batch, so
/// only the failing ones are retried and end in the _error queue.
/// </summary>
internal abstract class LeadFactConsumer<T>(LeadFactStore store) : IConsumer<Batch<T>>
    where T : class, IIntegrationEvent
{
    public async Task Consume(ConsumeContext<Batch<T>> context)
    {
        // The name the per-message consumers used, so their inbox rows keep deduplicating.
        var consumer = GetType().Name;
        try
        {
            await store.ApplyAsync([.. context.Message.Select(Message)], consumer, context.CancellationToken);
        }
        catch (Exception exception) when (context.Message.Length > 1 && IsMessageFault(exception))
        {
            ExceptionDispatchInfo? failure = null;
            foreach (var message in context.Message)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await store.ApplyAsync([Message(message)], consumer, context.CancellationToken);
                }
                catch (Exception one) when (IsMessageFault(one))
                {
                    failure ??= ExceptionDispatchInfo.Capture(one);
                    continue;
                }
                await message.NotifyConsumed(message, Stopwatch.GetElapsedTime(started), consumer);
            }
            failure?.Throw();
        }
    }

    /// <summary>A failure some message may cause, not an outage (waited out by the bus's retry) or a shutdown.</summary>
    private static bool IsMessageFault(Exception exception) => !DatabaseOutage.Is(exception) && exception is not OperationCanceledException;

    private static InboxMessage Message(ConsumeContext<T> context) => new(
        context.MessageId ?? throw new InvalidOperationException($"{typeof(T).Name} arrived without a MessageId; it cannot be deduplicated."),
        context.Message);
}
