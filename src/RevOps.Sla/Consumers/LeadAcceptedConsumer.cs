using Npgsql;
using RevOps.Contracts.Events;
using RevOps.ServiceDefaults.Messaging;
using RevOps.Sla.Consumers.Internal;
using RevOps.Sla.Data;
using RevOps.Sla.Domain;

namespace RevOps.Sla.Consumers;

/// <summary>Meets the owner's clocks that LeadAccepted satisfies.</summary>
public sealed class LeadAcceptedConsumer(NpgsqlDataSource dataSource, ClockStore store, ILogger<LeadAcceptedConsumer> logger)
    : InboxConsumer<LeadAccepted>(dataSource)
{
    protected override async Task HandleAsync(LeadAccepted message, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var met = await ActivityRecorder.ApplyAsync(store, LeadActivity.From(message), transaction, cancellationToken);
        logger.LogInformation("Lead {LeadId} accepted by {RepId}: {Met} clocks met", message.LeadId, message.RepId, met);
    }
}
