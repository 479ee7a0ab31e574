using Npgsql;
using RevOps.Contracts.Events;
using RevOps.ServiceDefaults.Messaging;
using RevOps.Sla.Data;
using RevOps.Sla.Domain;

namespace RevOps.Sla.Consumers;

/// <summary>
/// Arms one clock per follow-up clause for the new owner and stops the previous owner's clocks. Their SlaClockStarted events
/// are published as soon as the transaction committed (the relay only takes them if that failed): a NOTIFY per message would
/// make every commit queue on PostgreSQL's one notification lock.
/// </summary>
public sealed class LeadAssignedConsumer(NpgsqlDataSource dataSource, ClockStore store, ActiveContract contract, OutboxPublisher outbox,
    ILogger<LeadAssignedConsumer> logger) : InboxConsumer<LeadAssigned>(dataSource)
{
    private (Guid MessageId, object Message)[] _started = [];

    protected override async Task HandleAsync(LeadAssigned message, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var rules = await contract.RulesForAsync(message.ContractVersion, cancellationToken);
        var running = await store.LockRunningClocksAsync(message.LeadId, transaction, cancellationToken);
        var assignment = new LeadAssignment(message.LeadId, message.AssignmentId, message.OwnerRepId, message.TeamId,
            message.ContractVersion, message.OccurredAt);
        var outcome = ClockPolicy.Assign(assignment, rules.ClausesFor(message.TeamId), rules.CalendarFor(message.TeamId), running);

        foreach (var stopped in outcome.Stopped)
            await store.SaveAsync(stopped, transaction, cancellationToken);
        var armed = await store.ArmAsync(outcome.Started, transaction, cancellationToken);
        _started = [.. armed.Select(clock => (Guid.CreateVersion7(), (object)new SlaClockStarted
        {
            EventId = Guid.CreateVersion7(),
            OccurredAt = clock.StartedAt,
            ContractVersion = clock.ContractVersion,
            ClockId = clock.Id,
            LeadId = clock.LeadId,
            ClauseId = clock.ClauseId,
            OwnerRepId = clock.OwnerRepId,
            TeamId = clock.TeamId,
            DueAt = clock.DueAt,
        }))];
        await using (var batch = new NpgsqlBatch(transaction.Connection, transaction))
        {
            Outbox.Enqueue(batch, _started, publishedAfterCommit: true);
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        logger.LogInformation("Lead {LeadId} assigned to {OwnerRepId} in {TeamId}: armed {Armed} clocks, stopped {Stopped}",
            message.LeadId, message.OwnerRepId, message.TeamId, armed.Count, outcome.Stopped.Count);
    }

    protected override void OnCommitted() => outbox.PublishCommitted(_started);
}
