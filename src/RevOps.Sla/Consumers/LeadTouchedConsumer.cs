using Npgsql;
using RevOps.Contracts.Events;
using RevOps.ServiceDefaults.Messaging;
using RevOps.Sla.Consumers.Internal;
using RevOps.Sla.Data;
using RevOps.Sla.Domain;

namespace RevOps.Sla.Consumers;

/// <summary>Meets the owner's clocks that LeadTouched satisfies.</summary>
public sealed class LeadTouchedConsumer(NpgsqlDataSource dataSource, ClockStore store, ILogger<LeadTouchedConsumer> logger)
    : InboxConsumer<LeadTouched>(dataSource)
{
    protected override async Task HandleAsync(LeadTouched message, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var met = await ActivityRecorder.ApplyAsync(store, LeadActivity.From(message), transaction, cancellationToken);
        logger.LogInformation("Lead {LeadId} touched by {RepId}: {Met} clocks met", message.LeadId, message.RepId, met);
    }
}
