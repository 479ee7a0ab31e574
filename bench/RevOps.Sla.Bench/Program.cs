// Arms follow-up clocks into a real sladb and claims/fires them, each measured against a reference in the same run:
//   FireAsync batches of 1,000 vs one BreachAsync per clock, 8 at a time;
//   clock planning (ClockPolicy.Assign with business-hours windows) vs the same clauses on plain elapsed windows;
//   ArmAsync vs a raw binary COPY of the same rows into an identical table (the fastest bulk path PostgreSQL has).
// Usage: RevOps.Sla.Bench <connection string> [pending clocks, default 200000]
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using RevOps.ServiceDefaults;
using RevOps.Sla.Data;
using RevOps.Sla.Domain;

if (args.Length is < 1 or > 2 || (args.Length == 2 && !int.TryParse(args[1], out _)))
{
    Console.Error.WriteLine("usage: RevOps.Sla.Bench <connection string> [pending clocks]");
    return 2;
}
var pending = args.Length == 2 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200_000;
const int Batch = 5_000;

await using var dataSource = NpgsqlDataSource.Create(args[0]);
await new MigrationRunner(dataSource, typeof(ClockStore).Assembly, NullLogger<MigrationRunner>.Instance).StartAsync(CancellationToken.None);
await Execute("TRUNCATE clocks, breaches, lead_breach_counts, webhook_deliveries; DROP TABLE IF EXISTS clocks_reference; CREATE TABLE clocks_reference (LIKE clocks INCLUDING ALL)");
var store = new ClockStore(dataSource);

var calendar = new BusinessCalendar("America/New_York",
    [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
    [new(new TimeOnly(9, 0), new TimeOnly(12, 0)), new(new TimeOnly(13, 0), new TimeOnly(17, 0))],
    [new DateOnly(2026, 12, 25), new DateOnly(2027, 1, 1)]);
FollowUpClause[] businessClauses =
[
    new("first_touch", ClockKind.FirstTouch, TimeSpan.FromHours(4), WindowBasis.BusinessTime),
    new("accept_or_reject", ClockKind.Disposition, TimeSpan.FromHours(24), WindowBasis.Elapsed),
    new("three_touches", ClockKind.MinTouches, TimeSpan.FromHours(35), WindowBasis.BusinessTime, 3),
];
FollowUpClause[] elapsedClauses = [.. businessClauses.Select(c => new FollowUpClause(c.ClauseId, c.Kind, c.Window, WindowBasis.Elapsed, c.RequiredTouches))];
var start = new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);

List<SlaClock> Plan(FollowUpClause[] clauses, int count, int offset) =>
    [.. Enumerable.Range(offset, (count + 2) / 3).SelectMany(i =>
        ClockPolicy.Assign(new LeadAssignment(Guid.NewGuid(), Guid.NewGuid(), $"rep{i % 500}", "emea", 1, start.AddSeconds(i % 86_400 * 7)),
            clauses, calendar).Started).Take(count)];

// 1. Planning: business-hours arithmetic per clock vs plain elapsed windows.
Plan(businessClauses, 30_000, 0);
Plan(elapsedClauses, 30_000, 0);
var planBusiness = Rate(() => Plan(businessClauses, 150_000, 0).Count);
var planElapsed = Rate(() => Plan(elapsedClauses, 150_000, 0).Count);
Console.WriteLine($"plan   business-hours {planBusiness,12:N0} clocks/s   reference elapsed-only {planElapsed,12:N0} clocks/s   ratio {planBusiness / planElapsed:F2}");

// 2. Arming: ArmAsync batches (idempotent insert) vs raw binary COPY of equal batches into an identical table.
var sample = Plan(businessClauses, Math.Min(pending, 100_000), 0);
var copyWatch = Stopwatch.StartNew();
foreach (var chunk in sample.Chunk(Batch))
    await CopyReference(chunk);
var copyRate = sample.Count / copyWatch.Elapsed.TotalSeconds;

var armWatch = new Stopwatch();
var armed = 0;
for (var offset = 0; offset < pending; offset += Batch)
{
    var batch = Plan(businessClauses, Math.Min(Batch, pending - offset), offset);
    armWatch.Start();
    armed += (await store.ArmAsync(batch)).Count;
    armWatch.Stop();
}
var armRate = armed / armWatch.Elapsed.TotalSeconds;
Console.WriteLine($"arm    ArmAsync       {armRate,12:N0} clocks/s   reference binary COPY  {copyRate,12:N0} clocks/s   ratio {armRate / copyRate:F2}   ({armed:N0} pending)");

// 3. Claiming and firing with every armed clock pending: what a replica can take per second.
var now = start.AddDays(30);
var claimWatch = Stopwatch.StartNew();
var claimed = new List<SlaClock>();
for (var i = 0; i < 20; i++)
    claimed.AddRange(await store.ClaimDueAsync("bench", now, now, now.AddMinutes(1), 1_000));
var claimRate = claimed.Count / claimWatch.Elapsed.TotalSeconds;
var singles = claimed.Take(1_000).ToList();
var singleWatch = Stopwatch.StartNew();
await Parallel.ForEachAsync(singles, new ParallelOptions { MaxDegreeOfParallelism = 8 },
    async (clock, ct) => await store.BreachAsync(clock.Id, now, cancellationToken: ct));
var singleRate = singles.Count / singleWatch.Elapsed.TotalSeconds;
var batches = claimed.Skip(1_000).Select(c => c.Id).Chunk(1_000).ToList();
var batchWatch = Stopwatch.StartNew();
var firedInBatches = 0;
foreach (var batch in batches)
    firedInBatches += (await store.FireAsync(batch, now)).Count;
var batchRate = firedInBatches / batchWatch.Elapsed.TotalSeconds;
Console.WriteLine($"claim  {claimRate,12:N0} clocks/s (batches of 1,000, {armed:N0} pending)");
Console.WriteLine($"fire   FireAsync      {batchRate,12:N0} clocks/s   reference BreachAsync x8   {singleRate,10:N0} clocks/s   ratio {batchRate / singleRate:F2}");
return 0;

static double Rate(Func<int> work)
{
    var watch = Stopwatch.StartNew();
    var count = work();
    return count / watch.Elapsed.TotalSeconds;
}

async Task Execute(string sql)
{
    await using var command = dataSource.CreateCommand(sql);
    await command.ExecuteNonQueryAsync();
}

async Task CopyReference(IEnumerable<SlaClock> clocks)
{
    await using var connection = await dataSource.OpenConnectionAsync();
    await using var writer = await connection.BeginBinaryImportAsync("""
        COPY clocks_reference (id, lead_id, assignment_id, owner_rep_id, team_id, clause_id, kind, contract_version,
                               started_at, due_at, touch_count, touches_required) FROM STDIN (FORMAT BINARY)
        """);
    foreach (var c in clocks)
    {
        await writer.StartRowAsync();
        await writer.WriteAsync(c.Id, NpgsqlDbType.Uuid);
        await writer.WriteAsync(c.LeadId, NpgsqlDbType.Uuid);
        await writer.WriteAsync(c.AssignmentId, NpgsqlDbType.Uuid);
        await writer.WriteAsync(c.OwnerRepId, NpgsqlDbType.Text);
        await writer.WriteAsync(c.TeamId, NpgsqlDbType.Text);
        await writer.WriteAsync(c.ClauseId, NpgsqlDbType.Text);
        await writer.WriteAsync(c.Kind switch { ClockKind.FirstTouch => "first_touch", ClockKind.Disposition => "disposition", _ => "min_touches" }, NpgsqlDbType.Text);
        await writer.WriteAsync(c.ContractVersion, NpgsqlDbType.Integer);
        await writer.WriteAsync(c.StartedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
        await writer.WriteAsync(c.DueAt.UtcDateTime, NpgsqlDbType.TimestampTz);
        await writer.WriteAsync(c.TouchCount, NpgsqlDbType.Integer);
        await writer.WriteAsync(c.TouchesRequired, NpgsqlDbType.Integer);
    }
    await writer.CompleteAsync();
}
