using System.Diagnostics;
using Npgsql;
using RevOps.Contracts.Events;

namespace RevOps.Reporting.Bench;

/// <summary>The ingestion benches' events (every event kind reporting reads, per lead) and their same-run reference.</summary>
internal static class BenchEvents
{
    public static IIntegrationEvent[] Shuffled(int leads)
    {
        var random = new Random(42);
        var start = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        var events = Enumerable.Range(0, leads).SelectMany(_ => Story(Guid.NewGuid(), start.AddMinutes(random.Next(0, 40_000)), random)).ToArray();
        random.Shuffle(events);
        return events;
    }

    /// <summary>Reference: the same number of one-row upserts into a two-column table, in batches of 1,000 statements.</summary>
    public static async Task<TimeSpan> ReferenceAsync(NpgsqlDataSource dataSource, IReadOnlyList<IIntegrationEvent> events)
    {
        await using (var create = dataSource.CreateCommand("CREATE TABLE IF NOT EXISTS bench_reference (id uuid PRIMARY KEY, at timestamptz)"))
            await create.ExecuteNonQueryAsync();
        var stopwatch = Stopwatch.StartNew();
        foreach (var chunk in events.Chunk(1_000))
        {
            await using var batch = dataSource.CreateBatch();
            foreach (var e in chunk)
                batch.BatchCommands.Add(new NpgsqlBatchCommand("INSERT INTO bench_reference (id, at) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET at = LEAST(bench_reference.at, EXCLUDED.at)")
                {
                    Parameters = { new() { Value = e.EventId }, new() { Value = e.OccurredAt } },
                });
            await batch.ExecuteNonQueryAsync();
        }
        return stopwatch.Elapsed;
    }

    private static IEnumerable<IIntegrationEvent> Story(Guid lead, DateTimeOffset at, Random random)
    {
        DateTimeOffset T(int minutes) => at.AddMinutes(minutes);
        var breachId = Guid.NewGuid();
        yield return new LeadCaptured { EventId = Guid.NewGuid(), OccurredAt = T(0), ContractVersion = 1, LeadId = lead, IsNewLead = true, Source = "webinar", MarketingSourced = random.Next(4) > 0 };
        yield return new LeadScored { EventId = Guid.NewGuid(), OccurredAt = T(1), ContractVersion = 1, LeadId = lead, FitScore = 40, BehaviourScore = 30, TotalScore = 70, Stage = "mql", IcpFit = true };
        yield return new LeadQualified { EventId = Guid.NewGuid(), OccurredAt = T(1), ContractVersion = 1, LeadId = lead, Score = 70, FitScore = 40, BehaviourScore = 30, IcpFit = true, Source = "webinar" };
        yield return new LeadAssigned { EventId = Guid.NewGuid(), OccurredAt = T(2), ContractVersion = 1, LeadId = lead, AssignmentId = Guid.NewGuid(), TeamId = "emea", OwnerRepId = "rep-" + random.Next(20), IsReassignment = false };
        yield return new SlaClockStarted { EventId = Guid.NewGuid(), OccurredAt = T(2), ContractVersion = 1, ClockId = Guid.NewGuid(), LeadId = lead, ClauseId = "first_touch", TeamId = "emea", DueAt = T(242) };
        var touch = random.Next(5, 400);
        yield return new LeadTouched { EventId = Guid.NewGuid(), OccurredAt = T(touch), ContractVersion = 1, LeadId = lead, TouchId = Guid.NewGuid(), RepId = "rep", Channel = "call" };
        if (touch > 240)
        {
            yield return new SlaBreached { EventId = Guid.NewGuid(), OccurredAt = T(242), ContractVersion = 1, BreachId = breachId, ClockId = Guid.NewGuid(), LeadId = lead, ClauseId = "first_touch", TeamId = "emea", DueAt = T(242), Lateness = TimeSpan.Zero, BreachNumber = 1 };
            yield return new LeadEscalated { EventId = Guid.NewGuid(), OccurredAt = T(243), ContractVersion = 1, LeadId = lead, Action = EscalationAction.NotifyManager, ClauseId = "first_touch", BreachId = breachId, TeamId = "emea", Reason = "late" };
        }
        if (random.Next(10) < 7)
        {
            yield return new LeadAccepted { EventId = Guid.NewGuid(), OccurredAt = T(600), ContractVersion = 1, LeadId = lead, RepId = "rep" };
            yield return new OpportunityUpdated { EventId = Guid.NewGuid(), OccurredAt = T(3_000), ContractVersion = 1, LeadId = lead, OpportunityId = "o", Stage = "proposal", Outcome = OpportunityOutcome.Open, Amount = 1_000m, Currency = "USD" };
            yield return new OpportunityUpdated { EventId = Guid.NewGuid(), OccurredAt = T(9_000), ContractVersion = 1, LeadId = lead, OpportunityId = "o", Stage = "closed_won", Outcome = OpportunityOutcome.Won, Amount = 1_200m, Currency = "USD" };
        }
        else
        {
            yield return new LeadRejected { EventId = Guid.NewGuid(), OccurredAt = T(600), ContractVersion = 1, LeadId = lead, RepId = "rep", ReasonCode = "no_fit" };
        }
    }
}
