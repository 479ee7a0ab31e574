using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RevOps.Contracts.Events;
using RevOps.Reporting.Bench;
using RevOps.Reporting.Domain;
using RevOps.ServiceDefaults;

// Read-model ingestion (events/s) against a real PostgreSQL, as a ratio to a reference measured in the same run:
//   dotnet run -c Release -- [leads=4000]
// or GetScorecard and GetFunnel served over gRPC by the reporting service (see QueryBench):
//   dotnet run -c Release -- queries [calls=50] [sizes=1000000 10000000]
if (args is ["queries", ..])
{
    var calls = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 50;
    int[] sizes = args.Length > 2 ? [.. args[2..].Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture))] : [1_000_000, 10_000_000];
    await QueryBench.RunAsync(sizes, calls);
    return;
}

var leads = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 4_000;
const int BatchSize = 1_000;

await using var postgres = await LocalPostgres.StartAsync("reportingdb");
await using var dataSource = NpgsqlDataSource.Create(postgres.ConnectionString);
await new MigrationRunner(dataSource, typeof(LeadFactStore).Assembly, NullLogger<MigrationRunner>.Instance).StartAsync(CancellationToken.None);
var store = new LeadFactStore(dataSource);

var random = new Random(42);
var start = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
var events = Enumerable.Range(0, leads).SelectMany(_ => Story(Guid.NewGuid(), start.AddMinutes(random.Next(0, 40_000)), random)).ToArray();
random.Shuffle(events);
Console.WriteLine($"{events.Length:N0} events for {leads:N0} leads, shuffled");

// Reference: the same number of one-row upserts into a two-column table, batched the same way.
await using (var create = dataSource.CreateCommand("CREATE TABLE bench_reference (id uuid PRIMARY KEY, at timestamptz)"))
    await create.ExecuteNonQueryAsync();
var reference = await TimeAsync(async () =>
{
    foreach (var chunk in events.Chunk(BatchSize))
    {
        await using var batch = dataSource.CreateBatch();
        foreach (var e in chunk)
            batch.BatchCommands.Add(new NpgsqlBatchCommand("INSERT INTO bench_reference (id, at) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET at = LEAST(bench_reference.at, EXCLUDED.at)")
            {
                Parameters = { new() { Value = e.EventId }, new() { Value = e.OccurredAt } },
            });
        await batch.ExecuteNonQueryAsync();
    }
});
var batched = await TimeAsync(async () =>
{
    foreach (var chunk in events.Chunk(BatchSize))
        await store.ApplyBatchAsync(chunk, CancellationToken.None);
});
Report("ingestion, batches of 1,000 (replay path)", events.Length, batched, reference);

// The consumer path: one transaction per event, as InboxConsumer runs it (without the inbox row); a second pass is all redeliveries.
var single = events.Take(Math.Min(events.Length, 10_000)).ToArray();
var perEvent = await TimeAsync(async () =>
{
    foreach (var e in single)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await store.ApplyAsync(e, transaction, CancellationToken.None);
        await transaction.CommitAsync();
    }
});
Report("ingestion, one transaction per event (consumer path)", single.Length, perEvent, reference * ((double)single.Length / events.Length));

static void Report(string what, int count, TimeSpan elapsed, TimeSpan reference) =>
    Console.WriteLine($"{what}: {count / elapsed.TotalSeconds:N0}/s ({elapsed.TotalMilliseconds:N0} ms), "
        + $"{elapsed / reference:N2}x the reference ({reference.TotalMilliseconds:N0} ms)");

static async Task<TimeSpan> TimeAsync(Func<Task> work)
{
    var stopwatch = Stopwatch.StartNew();
    await work();
    return stopwatch.Elapsed;
}

static IEnumerable<IIntegrationEvent> Story(Guid lead, DateTimeOffset at, Random random)
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
