using System.Diagnostics;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Npgsql;
using NpgsqlTypes;
using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.Hosting;
using RevOps.Scoring.Bench;
using Method = RevOps.Grpc.Method;

// Usage: dotnet run -c Release --project bench/RevOps.Scoring.Bench [streamed leads] [unary seconds] [rounds]
// Each round measures the COPY reference, SubmitLeads and SubmitLead unary again: compare ratios within a round.
var streamedLeads = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30_000;
var unarySeconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
const int LeadsPerCall = 1_000;
const int ConcurrentStreams = 2;
const int UnaryRate = 500;

var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { ForTesting = true });
var postgres = builder.AddPostgres("postgres");
var scoringDb = postgres.AddDatabase("scoringdb");
var messaging = builder.AddRabbitMQ("messaging");
builder.AddProject<Projects.RevOps_Scoring>("scoring").WithReference(scoringDb).WaitFor(scoringDb).WithReference(messaging).WaitFor(messaging);
await using var app = builder.Build();
using var startTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
await app.StartAsync(startTimeout.Token);
await app.ResourceNotifications.WaitForResourceHealthyAsync("scoring", startTimeout.Token);

var connectionString = (await app.GetConnectionStringAsync("scoringdb"))!;
await using var dataSource = NpgsqlDataSource.Create(connectionString);
using var channel = GrpcChannel.ForAddress(app.GetEndpoint("scoring", "grpc"));
var invoker = channel.CreateCallInvoker();
var ingestion = IngestionReflection.Descriptor.Services[0];
var submitLead = Method.Create<SubmitLeadRequest, SubmitLeadResponse>(ingestion.FindMethodByName("SubmitLead"));
var submitLeads = Method.Create<SubmitLeadRequest, SubmitLeadsResponse>(ingestion.FindMethodByName("SubmitLeads"));
var cpuOf = new Dictionary<string, Func<TimeSpan>>
{
    ["scoring"] = Tree("scoring"),
    ["postgres"] = Tree("postgres"),
    ["rabbitmq"] = Tree("messaging"),
    // This process alone (its tree holds the servers): the load client shares the same cores.
    ["client"] = () => Process.GetCurrentProcess().TotalProcessorTime,
};
var run = Guid.NewGuid().ToString("N")[..8];

// Warm-up: JIT (both paths, through to tier 1), connection pools, the first outbox relay rounds.
for (var i = 0; i < 200; i++)
    await invoker.AsyncUnaryCall(submitLead, null, default, NewLead($"{run}-w{i}"));
await StreamAsync(Enumerable.Range(0, 4 * LeadsPerCall).Select(i => NewLead($"{run}-ws{i}")).ToList(), new Latencies());
await DrainOutboxAsync();

await using (var create = dataSource.CreateCommand("CREATE TABLE bench_leads (LIKE leads INCLUDING ALL)"))
    await create.ExecuteNonQueryAsync();
var results = new List<Result[]>();
for (var round = 1; round <= rounds; round++)
{
    var rows = Enumerable.Range(0, streamedLeads).Select(i => NewLead($"{run}-r{round}-s{i}")).ToList();

    // 1. The reference: the same rows into a copy of the leads table with Npgsql binary COPY.
    await using (var truncate = dataSource.CreateCommand("TRUNCATE bench_leads"))
        await truncate.ExecuteNonQueryAsync();
    var copy = await MeasureAsync("COPY (binary, 1 connection)", rows.Count, async () =>
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY bench_leads (id, email, raw_email, first_name, last_name, job_title, company, country, annual_revenue, annual_revenue_currency, stage, created_at, updated_at) FROM STDIN (FORMAT BINARY)");
        var now = DateTimeOffset.UtcNow;
        foreach (var row in rows)
        {
            var lead = row.Lead;
            await importer.StartRowAsync();
            await importer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
            await importer.WriteAsync(lead.Email.ToLowerInvariant(), NpgsqlDbType.Text);
            await importer.WriteAsync(lead.Email, NpgsqlDbType.Text);
            await importer.WriteAsync(lead.FirstName, NpgsqlDbType.Text);
            await importer.WriteAsync(lead.LastName, NpgsqlDbType.Text);
            await importer.WriteAsync(lead.JobTitle, NpgsqlDbType.Text);
            await importer.WriteAsync(lead.Company, NpgsqlDbType.Text);
            await importer.WriteAsync(lead.Country, NpgsqlDbType.Text);
            await importer.WriteAsync((decimal)lead.AnnualRevenue.Units, NpgsqlDbType.Numeric);
            await importer.WriteAsync("USD", NpgsqlDbType.Char);
            await importer.WriteAsync("lead", NpgsqlDbType.Text);
            await importer.WriteAsync(now, NpgsqlDbType.TimestampTz);
            await importer.WriteAsync(now, NpgsqlDbType.TimestampTz);
        }
        await importer.CompleteAsync();
        return new Latencies();
    });

    // 2. SubmitLeads: client streams of 1,000 leads, two at a time.
    var streamed = await MeasureAsync($"SubmitLeads ({ConcurrentStreams} streams x {LeadsPerCall} leads/call)", rows.Count, async () =>
    {
        var calls = new Latencies();
        await StreamAsync(rows, calls);
        return calls;
    });

    // 3. SubmitLead unary at a steady 500 leads/s (open loop: latency counts from the scheduled send time).
    var unaryCount = UnaryRate * unarySeconds;
    var unary = await MeasureAsync($"SubmitLead unary at {UnaryRate}/s", unaryCount, async () =>
    {
        var latencies = new Latencies();
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>(unaryCount);
        for (var i = 0; i < unaryCount; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / UnaryRate);
            if (due - clock.Elapsed is { TotalMilliseconds: > 1 } wait)
                await Task.Delay(wait);
            var request = NewLead($"{run}-r{round}-u{i}");
            inFlight.Add(Task.Run(async () =>
            {
                await invoker.AsyncUnaryCall(submitLead, null, default, request);
                latencies.Add(clock.Elapsed - due);
            }));
        }
        await Task.WhenAll(inFlight);
        return latencies;
    });
    results.Add([copy, streamed, unary]);
}

Console.WriteLine();
Console.WriteLine($"scoring bench, {Environment.ProcessorCount} cores, PostgreSQL + RabbitMQ + 1 scoring process + this client on this machine; load average {File.ReadAllText("/proc/loadavg")[..14]}");
Console.WriteLine("CPU is per 1,000 leads, in seconds, of each process tree (the service's includes relaying the outbox to RabbitMQ)");
for (var round = 0; round < results.Count; round++)
{
    var (copy, streamed, unary) = (results[round][0], results[round][1], results[round][2]);
    Console.WriteLine($"round {round + 1}");
    foreach (var result in results[round])
        Console.WriteLine(result);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  SubmitLeads / COPY = {streamed.PerSecond / copy.PerSecond:0.000} (SubmitLeads also scores, dedups by email, records sources and idempotency keys, and writes 2 outbox events per lead)"));
}
await app.StopAsync();
return;

async Task StreamAsync(List<SubmitLeadRequest> leads, Latencies calls)
{
    var next = -1;
    await Task.WhenAll(Enumerable.Range(0, ConcurrentStreams).Select(async _ =>
    {
        int call;
        while ((call = Interlocked.Increment(ref next)) * LeadsPerCall < leads.Count)
        {
            var started = Stopwatch.GetTimestamp();
            using var stream = invoker.AsyncClientStreamingCall(submitLeads, null, default);
            foreach (var request in leads.Skip(call * LeadsPerCall).Take(LeadsPerCall))
                await stream.RequestStream.WriteAsync(request);
            await stream.RequestStream.CompleteAsync();
            var response = await stream.ResponseAsync;
            if (response.Failed > 0)
                throw new InvalidOperationException($"{response.Failed} leads failed: {response.Results.First(r => r.Error is not null).Error.Message}");
            calls.Add(Stopwatch.GetElapsedTime(started));
        }
    }));
}

Func<TimeSpan> Tree(string resource)
{
    var pid = app.ResourceNotifications.GetSnapshot(resource).Pid!.Value;
    return () => ProcessCpu.OfTree(pid);
}

async Task DrainOutboxAsync()
{
    await using var drained = dataSource.CreateCommand("SELECT count(*) FROM outbox WHERE published_at IS NULL");
    while ((long)(await drained.ExecuteScalarAsync())! > 0)
        await Task.Delay(50);
}

async Task<Result> MeasureAsync(string name, int items, Func<Task<Latencies>> body)
{
    var cpuBefore = cpuOf.ToDictionary(p => p.Key, p => p.Value());
    var clock = Stopwatch.StartNew();
    var latencies = await body();
    var elapsed = clock.Elapsed;
    // The relay keeps publishing after the last response; wait for the outbox to drain so its CPU is counted here.
    await DrainOutboxAsync();
    var cpu = cpuOf.ToDictionary(p => p.Key, p => (p.Value() - cpuBefore[p.Key]).TotalSeconds);
    return new Result(name, items, elapsed, latencies, cpu);
}

static SubmitLeadRequest NewLead(string id) => new()
{
    IdempotencyKey = "bench-" + id,
    Lead = new LeadInput
    {
        Email = $"bench-{id}@example.com",
        FirstName = "Bench",
        LastName = id,
        JobTitle = "VP Growth",
        Company = "Acme",
        Country = "US",
        AnnualRevenue = new Money { CurrencyCode = "USD", Units = 12_000_000 },
        Source = "web_form",
        ExternalId = id,
        Campaign = "bench",
        CapturedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
    },
};

internal sealed record Result(string Name, int Items, TimeSpan Elapsed, Latencies Latencies, Dictionary<string, double> CpuSeconds)
{
    public double PerSecond => Items / Elapsed.TotalSeconds;

    public override string ToString() =>
        FormattableString.Invariant($"  {Name,-43} {Items,7} leads in {Elapsed.TotalSeconds,6:0.00} s = {PerSecond,8:0} leads/s") +
        (Latencies.Count > 0 ? $"; per call {Latencies}" : "") +
        "; CPU/1k: " + string.Join(", ", CpuSeconds.Select(c => FormattableString.Invariant($"{c.Key} {c.Value * 1000 / Items:0.00}")));
}
