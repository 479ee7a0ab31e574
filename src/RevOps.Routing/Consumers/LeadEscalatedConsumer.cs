using Npgsql;
using RevOps.Contracts.Events;
using RevOps.Routing.Domain;
using RevOps.ServiceDefaults.Messaging;

namespace RevOps.Routing.Consumers;

/// <summary>An escalation step asked to take the lead from its owner: route it again without them.</summary>
public sealed partial class LeadEscalatedConsumer(NpgsqlDataSource dataSource, Router router, ILogger<LeadEscalatedConsumer> logger)
    : InboxConsumer<LeadEscalated>(dataSource)
{
    protected override async Task HandleAsync(LeadEscalated message, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        if (message.Action != EscalationAction.Reassign)
            return;
        if (await router.ReassignAsync(message.LeadId, $"escalated:{message.ClauseId}", cancellationToken) is null)
            LogUnknownLead(logger, message.LeadId, message.ClauseId);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Escalation of lead {LeadId} (clause {ClauseId}) asked for a reassignment, but routing never assigned it")]
    private static partial void LogUnknownLead(ILogger logger, Guid leadId, string clauseId);
}
