using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RevOps.Contracts.Events;
using RevOps.Reporting.Bench;
using RevOps.Reporting.Domain;
using RevOps.ServiceDefaults;

// Read-model ingestion (events/s) against a real PostgreSQL, as a ratio to a reference measured in the same run:
//   dotnet run -c Release -- [leads=4000]
// the same through RabbitMQ into the reporting service, run as a process by the test host (see BusBench):
//   dotnet run -c Release -- bus [leads=4000]
// or GetScorecard and GetFunnel served over gRPC by the reporting service (see QueryBench):
//   dotnet run -c Release -- queries [calls=50] [sizes=1000000 10000000]
// or migrate and seed a database of your own, to study query plans with psql:
//   dotnet run -c Release -- seed "Host=127.0.0.1;Port=5432;Username=postgres;Database=reportingdb" 10000000
if (args is ["seed", var connectionString, var count])
{
    await using var target = NpgsqlDataSource.Create(connectionString);
    await new MigrationRunner(target, typeof(LeadFactStore).Assembly, NullLogger<MigrationRunner>.Instance).StartAsync(CancellationToken.None);
    var seeding = Stopwatch.StartNew();
    var written = await FactSeeder.SeedAsync(target, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture), seed: 1);
    Console.WriteLine($"{count} leads and {written:N0} breaches in {seeding.Elapsed.TotalSeconds:0} s; run VACUUM ANALYZE before timing");
    return;
}
if (args is ["queries", ..])
{
    var calls = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 50;
    int[] sizes = args.Length > 2 ? [.. args[2..].Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture))] : [1_000_000, 10_000_000];
    await QueryBench.RunAsync(sizes, calls);
    return;
}
if (args is ["bus", ..])
{
    await BusBench.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 4_000);
    return;
}

var leads = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 4_000;
// As the service's batcher takes them off its queue.
const int BatchSize = LeadFactBatcher.MaxBatch;

await using var postgres = await LocalPostgres.StartAsync("reportingdb");
await using var dataSource = NpgsqlDataSource.Create(postgres.ConnectionString);
await new MigrationRunner(dataSource, typeof(LeadFactStore).Assembly, NullLogger<MigrationRunner>.Instance).StartAsync(CancellationToken.None);
var store = new LeadFactStore(dataSource);

var events = BenchEvents.Shuffled(leads);
Console.WriteLine($"{events.Length:N0} events for {leads:N0} leads, shuffled");
var reference = await BenchEvents.ReferenceAsync(dataSource, events);

// The consumer path: what the service's batcher runs (inbox claims, one upsert per lead and table, one NOTIFY, one transaction).
var batched = await TimeAsync(async () =>
{
    foreach (var chunk in events.Chunk(BatchSize))
        await store.ApplyAsync([.. chunk.Select(e => new InboxMessage(e.EventId, "bench", e))], CancellationToken.None);
});
Report($"ingestion, consumer batches of {BatchSize}", events.Length, batched, reference);

// The same transaction with one message each: what the per-message consumers cost (inbox, upsert, NOTIFY per event).
var single = events.Take(Math.Min(events.Length, 2_000)).Select(e => new InboxMessage(Guid.NewGuid(), "bench-single", e)).ToArray();
var perEvent = await TimeAsync(async () =>
{
    foreach (var message in single)
        await store.ApplyAsync([message], CancellationToken.None);
});
Report("ingestion, one message per transaction", single.Length, perEvent, reference * ((double)single.Length / events.Length));

static void Report(string what, int count, TimeSpan elapsed, TimeSpan reference) =>
    Console.WriteLine($"{what}: {count / elapsed.TotalSeconds:N0}/s ({elapsed.TotalMilliseconds:N0} ms), "
        + $"{elapsed / reference:N2}x the reference ({reference.TotalMilliseconds:N0} ms)");

static async Task<TimeSpan> TimeAsync(Func<Task> work)
{
    var stopwatch = Stopwatch.StartNew();
    await work();
    return stopwatch.Elapsed;
}
