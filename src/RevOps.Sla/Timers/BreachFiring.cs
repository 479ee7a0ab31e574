using System.Text.Json;
using Npgsql;
using RevOps.Contracts.Events;
using RevOps.ServiceDefaults.Messaging;
using RevOps.Sla.Data;
using RevOps.Sla.Domain;

namespace RevOps.Sla.Timers;

/// <summary>
/// Breaches due clocks and runs the contract's escalation chain in one transaction: the breach rows, SlaBreached,
/// LeadEscalated and webhook deliveries commit together or not at all.
/// </summary>
public sealed class BreachFiring(NpgsqlDataSource dataSource, ClockStore store, ActiveContract contract, ILogger<BreachFiring> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Fires those of <paramref name="clockIds"/> still running and due at <paramref name="now"/>; returns what this call fired.</summary>
    public async Task<IReadOnlyList<FiredClock>> FireAsync(IReadOnlyCollection<Guid> clockIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var fired = await store.FireAsync(clockIds, now, transaction, cancellationToken);
        // Every event of the batch goes into the outbox in one round trip: at 1,000 clocks due a second, one per event is the bottleneck.
        var events = new List<(Guid, object)>(fired.Count * 2);
        foreach (var (clock, breach) in fired)
        {
            var breached = new SlaBreached
            {
                EventId = breach.Id,
                OccurredAt = breach.BreachedAt,
                ContractVersion = clock.ContractVersion,
                BreachId = breach.Id,
                ClockId = clock.Id,
                LeadId = clock.LeadId,
                ClauseId = clock.ClauseId,
                OwnerRepId = clock.OwnerRepId,
                TeamId = clock.TeamId,
                DueAt = clock.DueAt,
                Lateness = breach.Lateness,
                BreachNumber = breach.BreachNumber,
            };
            events.Add((breach.Id, breached));

            var rules = await contract.RulesForAsync(clock.ContractVersion, cancellationToken);
            var escalation = rules.Escalate(clock.ClauseId, breach.BreachNumber);
            var managerId = rules.ManagerOf(clock.TeamId);
            foreach (var action in escalation.Actions)
            {
                var eventId = Guid.CreateVersion7(now);
                events.Add((eventId, new LeadEscalated
                {
                    EventId = eventId,
                    OccurredAt = now,
                    ContractVersion = clock.ContractVersion,
                    LeadId = clock.LeadId,
                    Action = action,
                    ClauseId = clock.ClauseId,
                    BreachId = breach.Id,
                    OwnerRepId = clock.OwnerRepId,
                    TeamId = clock.TeamId,
                    ManagerId = managerId,
                    Reason = escalation.Reason,
                }));
            }
            foreach (var url in escalation.WebhookUrls)
                await store.EnqueueWebhookAsync(breach.Id, url, JsonSerializer.Serialize(new { breach = breached, managerId }, Json), now,
                    transaction, cancellationToken);

            logger.LogWarning("Clock {ClockId} ({ClauseId}) of lead {LeadId} breached {Lateness} late: breach {BreachNumber}, escalation {Escalation}",
                clock.Id, clock.ClauseId, clock.LeadId, breach.Lateness, breach.BreachNumber, escalation.Reason);
        }
        await Outbox.EnqueueAsync(transaction, events, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return fired;
    }
}
