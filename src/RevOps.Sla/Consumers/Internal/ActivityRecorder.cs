using Npgsql;
using RevOps.Contracts.Events;
using RevOps.ServiceDefaults.Messaging;
using RevOps.Sla.Data;
using RevOps.Sla.Domain;

namespace RevOps.Sla.Consumers.Internal;

/// <summary>Applies a rep's activity to the lead's running clocks and announces each clock it met.</summary>
internal static class ActivityRecorder
{
    public static async Task<int> ApplyAsync(ClockStore store, LeadActivity activity, NpgsqlTransaction transaction,
        CancellationToken cancellationToken)
    {
        var running = await store.LockRunningClocksAsync(activity.LeadId, transaction, cancellationToken);
        var met = 0;
        foreach (var clock in ClockPolicy.Apply(activity, running))
        {
            if (!await store.SaveAsync(clock, transaction, cancellationToken) || clock.State != ClockState.Met)
                continue;
            met++;
            await Outbox.EnqueueAsync(transaction, Guid.CreateVersion7(), new SlaClockMet
            {
                EventId = Guid.CreateVersion7(),
                OccurredAt = clock.MetAt!.Value,
                ContractVersion = clock.ContractVersion,
                ClockId = clock.Id,
                LeadId = clock.LeadId,
                ClauseId = clock.ClauseId,
                OwnerRepId = clock.OwnerRepId,
                TeamId = clock.TeamId,
                DueAt = clock.DueAt,
            }, cancellationToken);
        }
        return met;
    }
}
