using MassTransit;
using RevOps.Contracts.Events;
using RevOps.Routing.Domain;

namespace RevOps.Routing.Consumers;

/// <summary>
/// Routes a newly qualified lead, in a batch with the leads consumed alongside it. The inbox row, the assignment, its audit and
/// the LeadAssigned event (in the outbox) commit in one transaction, so a redelivery changes nothing.
/// </summary>
public sealed class LeadQualifiedConsumer(RoutingBatcher batcher) : IConsumer<LeadQualified>
{
    public async Task Consume(ConsumeContext<LeadQualified> context)
    {
        var message = context.Message;
        var messageId = context.MessageId
            ?? throw new InvalidOperationException("LeadQualified arrived without a MessageId; it cannot be deduplicated.");
        // The lead is routed by the contract version it was qualified under.
        await batcher.RouteAsync(new RoutingRequest
        {
            LeadId = message.LeadId,
            ContractVersion = message.ContractVersion,
            Lead = LeadAttributes.From(message),
            Inbox = (messageId, nameof(LeadQualifiedConsumer)),
        }).WaitAsync(context.CancellationToken);
    }
}
