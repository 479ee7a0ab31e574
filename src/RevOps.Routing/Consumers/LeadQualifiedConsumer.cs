using Npgsql;
using RevOps.Contracts.Events;
using RevOps.Routing.Domain;
using RevOps.ServiceDefaults.Messaging;

namespace RevOps.Routing.Consumers;

/// <summary>Routes a newly qualified lead; the LeadAssigned event leaves through the outbox written with the assignment.</summary>
public sealed class LeadQualifiedConsumer(NpgsqlDataSource dataSource, Router router) : InboxConsumer<LeadQualified>(dataSource)
{
    protected override async Task HandleAsync(LeadQualified message, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        // A redelivery finds the lead already assigned and changes nothing, so the inbox row may commit after the assignment.
        // The lead is routed by the contract version it was qualified under.
        await router.RouteAsync(new RoutingRequest
        {
            LeadId = message.LeadId,
            ContractVersion = message.ContractVersion,
            Lead = LeadAttributes.From(message),
        }, cancellationToken);
    }
}
