// sladb and the SLA service under load, each figure against a reference measured in the same run:
//   clock planning (ClockPolicy.Assign with business-hours windows) vs the same clauses on plain elapsed windows;
//   ArmAsync vs a raw binary COPY of the same rows into an identical table (the fastest bulk path PostgreSQL has);
//   FireAsync batches of 1,000 vs one BreachAsync per clock, 8 at a time;
//   the SLA service process firing a stream of clocks coming due at a steady rate with every other clock still pending:
//   lateness (due time to SlaBreached received by a consumer) vs a Task.Delay timer in this process on the same schedule,
//   and the service's resident memory.
// PostgreSQL, RabbitMQ and the service run on loopback, started by RevOps.Hosting.
// Usage: RevOps.Sla.Bench [pending clocks, default 1000000] [clocks due per second, default 1000] [seconds, default 60]
using System.Diagnostics;
using System.Globalization;
using RevOps.Hosting;
using RevOps.Pipeline.Bench;
using Npgsql;
using NpgsqlTypes;
using RevOps.Scoring.Bench;
using RevOps.Sla.Bench;
using RevOps.Sla.Data;
using RevOps.Sla.Domain;

int[] numbers = [1_000_000, 1_000, 60];
if (args.Length > numbers.Length || args.Where((a, i) => !int.TryParse(a, CultureInfo.InvariantCulture, out numbers[i]) || numbers[i] <= 0).Any())
{
    Console.Error.WriteLine("usage: RevOps.Sla.Bench [pending clocks] [clocks due per second] [seconds]");
    return 2;
}
var (pending, duePerSecond, seconds) = (numbers[0], numbers[1], numbers[2]);
const int Batch = 5_000;

var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { ForTesting = true });
var sladb = builder.AddPostgres("postgres").AddDatabase("sladb");
var messaging = builder.AddRabbitMQ("messaging");
builder.AddProject<Projects.RevOps_Sla>("sla")
    .WithReference(sladb).WithReference(messaging)
    .WaitFor(sladb).WaitFor(messaging);
await using var app = builder.Build();
using (var startTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(5)))
{
    await app.StartAsync(startTimeout.Token);
    await app.ResourceNotifications.WaitForResourceHealthyAsync("sla", startTimeout.Token);
}
var slaPid = app.ResourceNotifications.GetSnapshots().Single(s => s.Name == "sla").Pid
    ?? throw new InvalidOperationException("The SLA service runs but has no pid.");
var rssEmpty = ProcessMemory.Rss(slaPid) ?? 0;

await using var dataSource = NpgsqlDataSource.Create((await app.GetConnectionStringAsync("sladb"))!);
await Execute("DROP TABLE IF EXISTS clocks_reference; CREATE TABLE clocks_reference (LIKE clocks INCLUDING ALL)");
var store = new ClockStore(dataSource);

// Pending clocks start two months out, so the running service (which claims what comes due within its horizon) leaves
// them alone; the calendar's holiday falls inside the planned week.
var start = NextMonday(DateTimeOffset.UtcNow.AddDays(60)).AddHours(14);
var calendar = new BusinessCalendar("America/New_York",
    [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
    [new(new TimeOnly(9, 0), new TimeOnly(12, 0)), new(new TimeOnly(13, 0), new TimeOnly(17, 0))],
    [DateOnly.FromDateTime(start.UtcDateTime.AddDays(2))]);
FollowUpClause[] businessClauses =
[
    new("first_touch", ClockKind.FirstTouch, TimeSpan.FromHours(4), WindowBasis.BusinessTime),
    new("accept_or_reject", ClockKind.Disposition, TimeSpan.FromHours(24), WindowBasis.Elapsed),
    new("three_touches", ClockKind.MinTouches, TimeSpan.FromHours(35), WindowBasis.BusinessTime, 3),
];
FollowUpClause[] elapsedClauses = [.. businessClauses.Select(c => new FollowUpClause(c.ClauseId, c.Kind, c.Window, WindowBasis.Elapsed, c.RequiredTouches))];

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

// 3. Claiming and firing in this process with every armed clock pending: what one replica can take per second.
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

// 4. The service firing a steady stream of due clocks while the rest stay pending.
var stillPending = await Count("SELECT count(*) FROM clocks WHERE state = 'running'");
var rssPending = ProcessMemory.Rss(slaPid) ?? 0;
// CPU of each server's process tree, and of this process alone (the servers are its children).
var cpu = new Dictionary<string, Func<TimeSpan>>();
foreach (var name in new[] { "sla", "postgres", "messaging" })
{
    var pid = app.ResourceNotifications.GetSnapshots().Single(s => s.Name == name).Pid!.Value;
    cpu[name] = () => ProcessCpu.OfTree(pid);
}
cpu["bench"] = () => Process.GetCurrentProcess().TotalProcessorTime;
var cpuBefore = cpu.ToDictionary(c => c.Key, c => c.Value());
var stream = await DueStream.RunAsync(store, dataSource, (await app.GetConnectionStringAsync("messaging"))!, slaPid, duePerSecond, seconds);
Console.WriteLine($"due    {duePerSecond:N0} clocks/s for {seconds} s ({stream.Due:N0} clocks, {stillPending:N0} others pending): " +
    $"{stream.Received:N0} SlaBreached received, {stream.Duplicates:N0} duplicates");
Console.WriteLine($"late   SlaBreached received {stream.Lateness}   breach recorded {stream.Recorded}");
Console.WriteLine($"       reference Task.Delay timer in this process {stream.Reference}   ratio p99 {stream.Lateness.Percentile(99) / stream.Reference.Percentile(99):F1}");
Console.WriteLine("cpu    per 1,000 clocks due: " + string.Join(", ", cpu.Select(c =>
    $"{c.Key} {(c.Value() - cpuBefore[c.Key]).TotalSeconds * 1_000 / stream.Due:F2} s")));
Console.WriteLine($"memory SLA service RSS: idle over an empty sladb {Mb(rssEmpty)}, idle with {stillPending:N0} pending {Mb(rssPending)}, " +
    $"peak while firing {Mb(stream.PeakRss)} (VmHWM {Mb(ProcessMemory.HighWaterMark(slaPid) ?? 0)}); ratio peak/empty {(double)stream.PeakRss / rssEmpty:F2}");
return stream.Received == stream.Due && stream.Duplicates == 0 ? 0 : 1;

static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F0} MB");

static DateTimeOffset NextMonday(DateTimeOffset from)
{
    var day = new DateTimeOffset(from.UtcDateTime.Date, TimeSpan.Zero);
    return day.AddDays(((int)DayOfWeek.Monday - (int)day.DayOfWeek + 7) % 7);
}

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

async Task<long> Count(string sql)
{
    await using var command = dataSource.CreateCommand(sql);
    return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
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
