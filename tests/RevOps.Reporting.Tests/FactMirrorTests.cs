using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RevOps.Contracts.Events;
using RevOps.Reporting.Data;
using RevOps.Reporting.Domain;
using static RevOps.Reporting.Tests.NovemberLeads;

namespace RevOps.Reporting.Tests;

/// <summary>
/// The facts a <see cref="FactMirror"/> holds in memory against the in-memory tally over the same facts, which the calculator
/// tests pin to hand-computed values: stored in PostgreSQL, loaded or followed through NOTIFY, the same periods, filters and
/// clocks must give the same scorecard and funnel to the digit. This class owns its database.
/// </summary>
public sealed class FactMirrorTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    // The tests that write facts of their own write them here, out of every compared period.
    private static readonly ReportPeriod Elsewhere = ReportPeriod.Month(2025, 1);

    private static readonly ScorecardTargets Targets = ScorecardTargets.Default
        .With(FigureKeys.IcpMqls, new FigureTarget(6m, TargetComparison.AtLeast, PerMonth: true));

    private readonly LeadFactStore _store = new(postgres.DataSource);
    private readonly List<LeadFact> _leads = [];
    private readonly List<BreachFact> _breaches = [];
    private readonly FactsChanged _changed = new();
    private FactMirror _mirror = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var (leads, breaches) = RandomFacts(new Random(7), 400);
        _leads.AddRange([.. Leads.Select(l => l with { Campaign = "hand-computed" }), .. leads]);
        _breaches.AddRange([.. Breaches, .. breaches]);
        if (await _store.GetLeadAsync(L1, ct) is null)
        {
            foreach (var lead in _leads)
                await _store.MergeAsync(lead, ct);
            foreach (var breach in _breaches)
                await _store.MergeAsync(breach, ct);
        }
        _mirror = new FactMirror(postgres.DataSource, _changed, NullLogger<FactMirror>.Instance);
        await _mirror.StartAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _mirror.StopAsync(CancellationToken.None);
        _mirror.Dispose();
    }

    public static TheoryData<string, string, string?> Cases => new()
    {
        { "november", "none", null },
        { "november", "none", "2026-11-20T12:00:00Z" },
        { "first half", "none", null },
        { "week", "none", "2026-11-04T10:00:00Z" },
        { "november", "webinar", null },
        { "november", "team and owner", null },
        { "first half", "contract 2", null },
        { "march 2027", "none", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Scorecard_from_the_facts_in_memory_equals_the_tally_of_the_same_facts(string periodName, string filterName, string? asOf)
    {
        var (period, filter) = (Period(periodName), Filter(filterName));
        var now = asOf is null ? period.To : DateTimeOffset.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture);

        var columns = await _mirror.CurrentAsync(TestContext.Current.CancellationToken);
        var mirrored = ScorecardCalculator.Compute(columns.Tally(period, filter, now), period, Targets);
        var memory = ScorecardCalculator.Compute(_leads, _breaches, period, filter, Targets, now);

        Assert.Equal(memory.Figures, mirrored.Figures);
        Assert.Equal(memory.SourceMix, mirrored.SourceMix);
        Assert.Equal(memory.Breaches, mirrored.Breaches);
        Assert.Equal(memory.BreachesByClause, mirrored.BreachesByClause);
        Assert.Equal(memory.RejectionReasons, mirrored.RejectionReasons);
        Assert.Equal(memory.MarketingInfluencedRevenue, mirrored.MarketingInfluencedRevenue);
        // A case that counts nothing would prove nothing.
        if (periodName != "march 2027")
            Assert.Contains(mirrored.Figures, f => f.SampleSize > 0);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Funnel_from_the_facts_in_memory_equals_the_in_memory_one(string periodName, string filterName, string? asOf)
    {
        _ = asOf;
        var (period, filter) = (Period(periodName), Filter(filterName));

        var columns = await _mirror.CurrentAsync(TestContext.Current.CancellationToken);
        var mirrored = FunnelCalculator.Compute(columns.FunnelCounts(period, filter), period);
        var memory = FunnelCalculator.Compute(_leads, period, filter);

        Assert.Equal(memory.Stages, mirrored.Stages);
        Assert.Equal(memory.BiggestDropOff, mirrored.BiggestDropOff);
    }

    [Fact]
    public async Task The_hand_computed_november_figures_come_out_of_the_mirror()
    {
        // NovemberLeads alone, by the campaign they were seeded with: the figures ScorecardCalculatorTests works out by hand.
        var filter = new LeadFilter { Campaign = "hand-computed" };
        var columns = await _mirror.CurrentAsync(TestContext.Current.CancellationToken);
        var scorecard = ScorecardCalculator.Compute(columns.Tally(November, filter, November.To), November, Targets);

        Assert.Equal(0.6667m, scorecard.Figure(FigureKeys.AcceptanceRate).Value);
        Assert.Equal(0.6667m, scorecard.Figure(FigureKeys.FollowUpCompliance).Value);
        Assert.Equal((30m, 360m), (scorecard.Figure(FigureKeys.SpeedToFirstTouchP50).Value, scorecard.Figure(FigureKeys.SpeedToFirstTouchP90).Value));
        Assert.Equal(17.3m, scorecard.Figure(FigureKeys.CycleLength).Value);
        Assert.Equal((3m, 2m), (scorecard.Figure(FigureKeys.SlaBreaches).Value, scorecard.Figure(FigureKeys.UnannotatedBreaches).Value));
        Assert.Equal([L3, L5, L5], scorecard.Breaches.Select(b => b.LeadId));
        Assert.Equal([new MoneyAmount("EUR", 3_000m), new MoneyAmount("USD", 30_000m)], scorecard.MarketingInfluencedRevenue);
    }

    [Fact]
    public async Task Only_the_latest_breaches_are_listed_but_all_are_counted()
    {
        var period = Period("november");
        var columns = await _mirror.CurrentAsync(TestContext.Current.CancellationToken);
        var scorecard = ScorecardCalculator.Compute(columns.Tally(period, LeadFilter.None, period.To), period, Targets);

        var inPeriod = _breaches.Where(b => period.Contains(b.BreachedAt)).OrderBy(b => b.BreachedAt).ThenBy(b => b.BreachId).ToList();
        Assert.True(inPeriod.Count > ScorecardCalculator.BreachesListed);
        Assert.Equal(inPeriod.Count, scorecard.Figure(FigureKeys.SlaBreaches).Value);
        Assert.Equal(inPeriod.TakeLast(ScorecardCalculator.BreachesListed).Select(b => b.BreachId), scorecard.Breaches.Select(b => b.BreachId));
    }

    [Fact]
    public async Task A_change_committed_before_a_report_is_in_it_followed_without_a_reload()
    {
        var ct = TestContext.Current.CancellationToken;
        var loaded = await _mirror.CurrentAsync(ct);
        var campaign = "followed-" + Guid.NewGuid().ToString("N");
        var lead = LeadFact.Empty(Guid.NewGuid()) with { CapturedAt = E(10, 9), Campaign = campaign, MqlAt = E(10, 10) };
        var filter = new LeadFilter { Campaign = campaign };

        await _store.MergeAsync(lead, ct);
        var afterCapture = await _mirror.CurrentAsync(ct);
        Assert.Equal([1L, 1, 0, 0, 0, 0, 0, 0], afterCapture.FunnelCounts(Elsewhere, filter));
        await _store.MergeAsync(lead with { AssignedAt = E(10, 11) }, ct);
        await _store.MergeAsync(BreachFact.Empty(Guid.NewGuid(), lead.LeadId) with { BreachedAt = E(10, 12), ClauseId = "first_touch" }, ct);
        var afterAssignment = await _mirror.CurrentAsync(ct);

        Assert.Same(loaded, afterCapture);
        Assert.Same(loaded, afterAssignment);
        Assert.Equal([1L, 1, 1, 0, 0, 0, 0, 0], afterAssignment.FunnelCounts(Elsewhere, filter));
        Assert.Equal(1, afterAssignment.Tally(Elsewhere, filter, Elsewhere.To).Breaches);
        Assert.Empty(afterAssignment.UnknownFilterValues(filter));
    }

    [Fact]
    public async Task A_notification_without_ids_reloads_every_fact()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = await _mirror.CurrentAsync(ct);
        // Rows written behind the store's back, as a bulk load does, then the NOTIFY it owes the readers.
        var leadId = Guid.NewGuid();
        await using (var insert = postgres.DataSource.CreateBatch())
        {
            insert.BatchCommands.Add(new("INSERT INTO lead_facts (lead_id, captured_at, campaign) VALUES ($1, $2, 'bulk')")
            {
                Parameters = { new NpgsqlParameter { Value = leadId }, new NpgsqlParameter { Value = E(3, 9) } },
            });
            insert.BatchCommands.Add(new($"SELECT pg_notify('{FactMirror.Channel}', '')"));
            await insert.ExecuteNonQueryAsync(ct);
        }

        var after = await _mirror.CurrentAsync(ct);

        Assert.NotSame(before, after);
        Assert.Equal(1, after.FunnelCounts(Elsewhere, new LeadFilter { Campaign = "bulk" })[0]);
        Assert.Equal(before.LeadCount + 1, after.LeadCount);
    }

    [Fact]
    public async Task A_lost_connection_reloads_and_misses_nothing_written_meanwhile()
    {
        var ct = TestContext.Current.CancellationToken;
        // A mirror on connections of its own, so the test can cut them without touching the store's.
        await using var own = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { ApplicationName = "mirror-under-test" }.ConnectionString);
        using var mirror = new FactMirror(own, new FactsChanged(), NullLogger<FactMirror>.Instance);
        await mirror.StartAsync(ct);
        var before = await mirror.CurrentAsync(ct);

        await using (var cut = postgres.DataSource.CreateCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'mirror-under-test'"))
            Assert.True((long)(await cut.ExecuteScalarAsync(ct))! >= 1);
        own.Clear();
        var lead = LeadFact.Empty(Guid.NewGuid()) with { CapturedAt = E(4, 9), Campaign = "while-cut" };
        await _store.MergeAsync(lead, ct);

        var after = await mirror.CurrentAsync(ct);
        await mirror.StopAsync(CancellationToken.None);

        Assert.NotSame(before, after);
        Assert.Equal(1, after.FunnelCounts(Elsewhere, new LeadFilter { Campaign = "while-cut" })[0]);
    }

    private static DateTimeOffset E(int day, int hour) => Elsewhere.From.AddDays(day - 1).AddHours(hour);

    private static ReportPeriod Period(string name) => name switch
    {
        "november" => November,
        "first half" => new ReportPeriod(N(1, 0), N(16, 0)),
        "week" => ReportPeriod.Week(new DateOnly(2026, 11, 2)),
        "march 2027" => ReportPeriod.Month(2027, 3),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static LeadFilter Filter(string name) => name switch
    {
        "none" => LeadFilter.None,
        "webinar" => new LeadFilter { Source = "webinar" },
        "team and owner" => new LeadFilter { TeamId = "emea", OwnerRepId = "rep-1" },
        "contract 2" => new LeadFilter { ContractVersion = 2 },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    /// <summary>
    /// Leads with every stage time, attribute and outcome present or missing at random around November, at whole seconds
    /// (ties included), and breaches with and without reasons (blank ones too), clauses and leads of their own.
    /// </summary>
    private static (List<LeadFact> Leads, List<BreachFact> Breaches) RandomFacts(Random random, int count)
    {
        DateTimeOffset? Time(double chance) =>
            random.NextDouble() < chance ? new DateTimeOffset(2026, 10, 25, 0, 0, 0, TimeSpan.Zero).AddSeconds(random.Next(0, 40 * 86_400) / 600 * 600) : null;
        T? Pick<T>(params T[] values) => values[random.Next(values.Length)];
        // Seeded ids too: every test instance builds the same facts the first one stored.
        Guid Id()
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            return new Guid(bytes);
        }

        var leads = new List<LeadFact>();
        var breaches = new List<BreachFact>();
        for (var i = 0; i < count; i++)
        {
            var lead = LeadFact.Empty(Id()) with
            {
                ContractVersion = Pick<int?>(1, 2, null),
                CapturedAt = Time(0.95),
                Source = Pick("webinar", "partner", null),
                Campaign = Pick("spring", null),
                Segment = Pick("smb", "enterprise"),
                MarketingSourced = Pick<bool?>(true, false, null),
                MarketingInfluenced = random.Next(2) == 0,
                IcpFit = Pick<bool?>(true, false, null),
                MqlAt = Time(0.7),
                AssignedAt = Time(0.7),
                TeamId = Pick("emea", "amer", null),
                OwnerRepId = Pick("rep-1", "rep-2", null),
                FirstTouchAt = Time(0.6),
                FirstTouchDueAt = Time(0.7),
                FirstTouchBreachedAt = Time(0.2),
                AcceptedAt = Time(0.4),
                RejectedAt = Time(0.3),
                RejectionReason = Pick("no_fit", "no_timing", "competitor", null),
                SaoAt = Time(0.3),
                OpportunityAt = Time(0.3),
                WonAt = Time(0.2),
                LostAt = Time(0.2),
                Outcome = Pick<OpportunityOutcome?>(OpportunityOutcome.Open, OpportunityOutcome.Won, OpportunityOutcome.Lost, null),
                Amount = Pick<decimal?>(1_000.5m, 250m, null),
                Currency = Pick("USD", "EUR", null),
            };
            leads.Add(lead);
            for (var b = random.Next(0, 3); b > 0; b--)
            {
                breaches.Add(BreachFact.Empty(Id(), random.Next(10) == 0 ? Id() : lead.LeadId) with
                {
                    ClauseId = Pick("first_touch", "accept_or_reject", null),
                    BreachedAt = Time(0.95),
                    Reason = Pick("rep out sick", " ", null),
                });
            }
        }
        return (leads, breaches);
    }
}
