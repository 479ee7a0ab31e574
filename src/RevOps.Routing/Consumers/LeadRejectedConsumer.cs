using Npgsql;
using RevOps.Contracts.Events;
using RevOps.Routing.Domain;
using RevOps.ServiceDefaults.Messaging;

namespace RevOps.Routing.Consumers;

/// <summary>The owner rejected the lead: the assignment closes with the reason and the rep's open load falls.</summary>
public sealed class LeadRejectedConsumer(NpgsqlDataSource dataSource, Router router) : InboxConsumer<LeadRejected>(dataSource)
{
    protected override Task HandleAsync(LeadRejected message, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        router.DispositionAsync(message.LeadId, $"rejected:{message.ReasonCode}", message.OccurredAt, cancellationToken);
}
