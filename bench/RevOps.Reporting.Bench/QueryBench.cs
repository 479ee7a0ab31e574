using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Npgsql;
using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.Hosting;
using RevOps.Scoring.Bench;

namespace RevOps.Reporting.Bench;

/// <summary>
/// GetScorecard and GetFunnel over gRPC against the real reporting service and a reportingdb seeded with COPY, at each
/// size in turn (the next size adds to the facts already there). Two references are measured in the same run,
/// interleaved with the calls so the machine's noise hits them alike: the cheapest database pass any report over the
/// period must make (count(*) of the leads captured in it, over Npgsql) and the gRPC round trip alone (WhatIf, no database).
/// Then the scorecard page over the month, in chromium (see PageBench).
/// </summary>
internal static class QueryBench
{
    private const int Warmup = 3;
    private static readonly TimeSpan CallDeadline = TimeSpan.FromMinutes(2);

    public static async Task RunAsync(IReadOnlyList<int> sizes, int calls)
    {
        var started = Stopwatch.StartNew();
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { ForTesting = true });
        var reportingDb = builder.AddPostgres("postgres").AddDatabase("reportingdb");
        var messaging = builder.AddRabbitMQ("messaging");
        builder.AddProject<Projects.RevOps_Reporting>("reporting")
            .WithReference(reportingDb).WaitFor(reportingDb)
            .WithReference(messaging).WaitFor(messaging);
        await using var app = builder.Build();
        await app.StartAsync();
        await app.ResourceNotifications.WaitForResourceHealthyAsync("reporting");
        Console.WriteLine($"reporting service healthy after {started.Elapsed.TotalSeconds:0} s");

        await using var db = NpgsqlDataSource.Create((await app.GetConnectionStringAsync("reportingdb"))!);
        // The reference's own index: the service keeps none on stage times (it reports from memory).
        await using (var index = db.CreateCommand("CREATE INDEX bench_reference_captured_at ON lead_facts (captured_at)"))
            await index.ExecuteNonQueryAsync();
        using var channel = GrpcChannel.ForAddress(app.GetEndpoint("reporting", "grpc"));
        var invoker = channel.CreateCallInvoker();

        var quarter = Period(new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 7, 1, 0, 0, 0, DateTimeKind.Utc));
        var month = Period(new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc));
        var webinar = new ReportFilter { Source = "webinar" };
        var emea = new ReportFilter { TeamId = "emea", Segment = "enterprise" };
        var cases = new (string Name, Period Period, ReportFilter? Filter)[]
        {
            ("quarter", quarter, null), ("quarter, source=webinar", quarter, webinar),
            ("month", month, null), ("month, team=emea segment=enterprise", month, emea),
        };

        await using var pages = await PageBench.StartAsync();
        var seeded = 0;
        foreach (var size in sizes)
        {
            var copy = Stopwatch.StartNew();
            var breaches = await FactSeeder.SeedAsync(db, size - seeded, seed: size);
            var copied = copy.Elapsed;
            await using (var vacuum = db.CreateCommand("VACUUM ANALYZE lead_facts, breach_facts"))
            {
                vacuum.CommandTimeout = 0;
                await vacuum.ExecuteNonQueryAsync();
            }
            Console.WriteLine($"\n== {size:N0} lead facts: added {size - seeded:N0} leads and {breaches:N0} breaches with COPY in "
                + $"{copied.TotalSeconds:0.0} s ({(size - seeded) / copied.TotalSeconds:N0} leads/s), VACUUM ANALYZE {(copy.Elapsed - copied).TotalSeconds:0.0} s");
            seeded = size;
            // The seeder's NOTIFY has the service reload every fact into memory; the first report waits for that.
            var (_, loaded) = await TimeAsync(() => UnaryAsync<GetFunnelRequest, Funnel>(invoker, "GetFunnel", new() { Period = month }));
            var pid = app.ResourceNotifications.GetSnapshot("reporting").Pid;
            var resident = pid is { } p ? File.ReadLines($"/proc/{p}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) : "VmRSS: ?";
            Console.WriteLine($"first report after the seeding (the service reloads the facts): {loaded.TotalSeconds:0.0} s; reporting's {resident}");

            foreach (var (name, period, filter) in cases)
            {
                var scorecard = new Latencies();
                var funnel = new Latencies();
                var count = new Latencies();
                var roundTrip = new Latencies();
                Scorecard? lastScorecard = null;
                Funnel? lastFunnel = null;
                long captured = 0;
                for (var i = 0; i < Warmup + calls; i++)
                {
                    var measured = i >= Warmup;
                    var (s, sTime) = await TimeAsync(() => UnaryAsync<GetScorecardRequest, Scorecard>(invoker, "GetScorecard", new() { Period = period, Filter = filter }));
                    var (f, fTime) = await TimeAsync(() => UnaryAsync<GetFunnelRequest, Funnel>(invoker, "GetFunnel", new() { Period = period, Filter = filter }));
                    var (c, cTime) = await TimeAsync(() => CountCapturedAsync(db, period, filter));
                    var (_, wTime) = await TimeAsync(() => UnaryAsync<WhatIfRequest, WhatIfResponse>(invoker, "WhatIf", WhatIf));
                    if (!measured)
                        continue;
                    (lastScorecard, lastFunnel, captured) = (s, f, c);
                    scorecard.Add(sTime);
                    funnel.Add(fTime);
                    count.Add(cTime);
                    roundTrip.Add(wTime);
                }
                var countP50 = count.Percentile(50);
                Console.WriteLine($"-- {name}: {captured:N0} leads captured in the period, {lastScorecard!.Figures.Single(f => f.Key == "sla_breaches").SampleSize:N0} breaches, "
                    + $"{calls} calls each; scorecard {lastScorecard.CalculateSize():N0} bytes, funnel {lastFunnel!.Stages.Count} stages");
                Console.WriteLine($"   GetScorecard   {scorecard}  = {scorecard.Percentile(50) / countP50:0.0}x / {scorecard.Percentile(99) / countP50:0.0}x the count's p50");
                Console.WriteLine($"   GetFunnel      {funnel}  = {funnel.Percentile(50) / countP50:0.0}x / {funnel.Percentile(99) / countP50:0.0}x the count's p50");
                Console.WriteLine($"   ref count(*)   {count}");
                Console.WriteLine($"   ref gRPC trip  {roundTrip}");
                Console.WriteLine($"   figures: {string.Join(", ", lastScorecard.Figures.Select(Figure))}");
            }
            if (pages is not null)
                await pages.MeasureAsync(app.GetEndpoint("reporting", "http"), "month", "from=2026-05-01&to=2026-06-01", "from=2031-05-01&to=2031-06-01", calls);
        }
        Console.WriteLine($"\ntotal {started.Elapsed.TotalSeconds:0} s");
    }

    private static readonly WhatIfRequest WhatIf = new()
    {
        Baseline = Scenario(0.5m, 0.3m, 0.2m),
        Scenario = Scenario(0.8m, 0.4m, 0.35m),
        CurrencyCode = "USD",
    };

    private static WhatIfScenario Scenario(params decimal[] rates)
    {
        var scenario = new WhatIfScenario { LeadsPerMonth = Decimal(500m), AverageDealSize = Decimal(100m) };
        scenario.StageConversionRates.AddRange(rates.Select(Decimal));
        return scenario;
    }

    private static DecimalValue Decimal(decimal value) =>
        new() { Units = (long)decimal.Truncate(value), Nanos = (int)((value - decimal.Truncate(value)) * 1_000_000_000m) };

    private static string Figure(ScorecardFigure figure) => figure.Value is null
        ? $"{figure.Key} -"
        : string.Create(CultureInfo.InvariantCulture, $"{figure.Key} {figure.Value.Units + figure.Value.Nanos / 1e9:0.####}");

    private static Period Period(DateTime from, DateTime to) => new() { From = Timestamp.FromDateTime(from), To = Timestamp.FromDateTime(to) };

    /// <summary>The reference: the leads captured in the period matching the filter, counted by PostgreSQL.</summary>
    private static async Task<long> CountCapturedAsync(NpgsqlDataSource db, Period period, ReportFilter? filter)
    {
        await using var command = db.CreateCommand("""
            SELECT count(*) FROM lead_facts WHERE captured_at >= $1 AND captured_at < $2
              AND ($3::text IS NULL OR source = $3) AND ($4::text IS NULL OR team_id = $4) AND ($5::text IS NULL OR segment = $5)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = period.From.ToDateTimeOffset() });
        command.Parameters.Add(new NpgsqlParameter { Value = period.To.ToDateTimeOffset() });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text, Value = filter is { HasSource: true } ? filter.Source : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text, Value = filter is { HasTeamId: true } ? filter.TeamId : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text, Value = filter is { HasSegment: true } ? filter.Segment : DBNull.Value });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static Task<TResponse> UnaryAsync<TRequest, TResponse>(CallInvoker invoker, string name, TRequest request)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        invoker.AsyncUnaryCall(RevOps.Grpc.Method.Create<TRequest, TResponse>(ReportingReflection.Descriptor.Services[0].FindMethodByName(name)), null,
            new CallOptions(Deadline: DateTime.UtcNow + CallDeadline), request).ResponseAsync;

    private static async Task<(T Result, TimeSpan Elapsed)> TimeAsync<T>(Func<Task<T>> work)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = await work();
        return (result, stopwatch.Elapsed);
    }
}
