using Npgsql;
using RevOps.Contracts.Events;
using RevOps.Routing.Domain;
using RevOps.ServiceDefaults.Messaging;

namespace RevOps.Routing.Consumers;

/// <summary>The owner accepted the lead: the assignment closes and the rep's open load falls.</summary>
public sealed class LeadAcceptedConsumer(NpgsqlDataSource dataSource, Router router) : InboxConsumer<LeadAccepted>(dataSource)
{
    protected override Task HandleAsync(LeadAccepted message, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        router.DispositionAsync(message.LeadId, "accepted", message.OccurredAt, cancellationToken);
}
