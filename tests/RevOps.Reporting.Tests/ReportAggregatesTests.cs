using RevOps.Contracts.Events;
using RevOps.Reporting.Data;
using RevOps.Reporting.Domain;
using static RevOps.Reporting.Tests.NovemberLeads;

namespace RevOps.Reporting.Tests;

/// <summary>
/// The SQL aggregates against the in-memory tally, which the calculator tests pin to hand-computed values: the same facts,
/// periods, filters and clocks must give the same scorecard and funnel to the digit. This class owns its database.
/// </summary>
public sealed class ReportAggregatesTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private static readonly ScorecardTargets Targets = ScorecardTargets.Default
        .With(FigureKeys.IcpMqls, new FigureTarget(6m, TargetComparison.AtLeast, PerMonth: true));

    private readonly ReportAggregates _aggregates = new(postgres.DataSource);
    private readonly List<LeadFact> _leads = [];
    private readonly List<BreachFact> _breaches = [];

    public async ValueTask InitializeAsync()
    {
        var store = new LeadFactStore(postgres.DataSource);
        var ct = TestContext.Current.CancellationToken;
        var (leads, breaches) = RandomFacts(new Random(7), 400);
        _leads.AddRange([.. Leads.Select(l => l with { Campaign = "hand-computed" }), .. leads]);
        _breaches.AddRange([.. Breaches, .. breaches]);
        if (await store.GetLeadAsync(L1, ct) is not null)
            return;
        foreach (var lead in _leads)
            await store.MergeAsync(lead, ct);
        foreach (var breach in _breaches)
            await store.MergeAsync(breach, ct);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

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
    public async Task Scorecard_aggregated_in_sql_equals_the_in_memory_one(string periodName, string filterName, string? asOf)
    {
        var (period, filter) = (Period(periodName), Filter(filterName));
        var now = asOf is null ? period.To : DateTimeOffset.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture);

        var sql = ScorecardCalculator.Compute(
            await _aggregates.ScorecardTallyAsync(period, filter, now, TestContext.Current.CancellationToken), period, Targets);
        var memory = ScorecardCalculator.Compute(_leads, _breaches, period, filter, Targets, now);

        Assert.Equal(memory.Figures, sql.Figures);
        Assert.Equal(memory.SourceMix, sql.SourceMix);
        Assert.Equal(memory.Breaches, sql.Breaches);
        Assert.Equal(memory.BreachesByClause, sql.BreachesByClause);
        Assert.Equal(memory.RejectionReasons, sql.RejectionReasons);
        Assert.Equal(memory.MarketingInfluencedRevenue, sql.MarketingInfluencedRevenue);
        // A case that counts nothing would prove nothing.
        if (periodName != "march 2027")
            Assert.Contains(sql.Figures, f => f.SampleSize > 0);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Funnel_counted_in_sql_equals_the_in_memory_one(string periodName, string filterName, string? asOf)
    {
        _ = asOf;
        var (period, filter) = (Period(periodName), Filter(filterName));

        var sql = FunnelCalculator.Compute(await _aggregates.FunnelCountsAsync(period, filter, TestContext.Current.CancellationToken), period);
        var memory = FunnelCalculator.Compute(_leads, period, filter);

        Assert.Equal(memory.Stages, sql.Stages);
        Assert.Equal(memory.BiggestDropOff, sql.BiggestDropOff);
    }

    [Fact]
    public async Task The_hand_computed_november_figures_come_out_of_sql()
    {
        // NovemberLeads alone, by the campaign they were seeded with: the figures ScorecardCalculatorTests works out by hand.
        var filter = new LeadFilter { Campaign = "hand-computed" };
        var scorecard = ScorecardCalculator.Compute(
            await _aggregates.ScorecardTallyAsync(November, filter, November.To, TestContext.Current.CancellationToken), November, Targets);

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
        var scorecard = ScorecardCalculator.Compute(
            await _aggregates.ScorecardTallyAsync(period, LeadFilter.None, period.To, TestContext.Current.CancellationToken), period, Targets);

        var inPeriod = _breaches.Where(b => period.Contains(b.BreachedAt)).OrderBy(b => b.BreachedAt).ThenBy(b => b.BreachId).ToList();
        Assert.True(inPeriod.Count > ScorecardCalculator.BreachesListed);
        Assert.Equal(inPeriod.Count, scorecard.Figure(FigureKeys.SlaBreaches).Value);
        Assert.Equal(inPeriod.TakeLast(ScorecardCalculator.BreachesListed).Select(b => b.BreachId), scorecard.Breaches.Select(b => b.BreachId));
    }

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
