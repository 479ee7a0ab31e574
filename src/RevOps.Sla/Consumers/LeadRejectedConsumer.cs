using Npgsql;
using RevOps.Contracts.Events;
using RevOps.ServiceDefaults.Messaging;
using RevOps.Sla.Consumers.Internal;
using RevOps.Sla.Data;
using RevOps.Sla.Domain;

namespace RevOps.Sla.Consumers;

/// <summary>Meets the owner's clocks that LeadRejected satisfies.</summary>
public sealed class LeadRejectedConsumer(NpgsqlDataSource dataSource, ClockStore store, ILogger<LeadRejectedConsumer> logger)
    : InboxConsumer<LeadRejected>(dataSource)
{
    protected override async Task HandleAsync(LeadRejected message, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var met = await ActivityRecorder.ApplyAsync(store, LeadActivity.From(message), transaction, cancellationToken);
        logger.LogInformation("Lead {LeadId} rejected by {RepId}: {Met} clocks met", message.LeadId, message.RepId, met);
    }
}
