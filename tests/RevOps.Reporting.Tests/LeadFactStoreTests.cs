using Npgsql;
using RevOps.Contracts.Events;
using RevOps.Reporting.Domain;

namespace RevOps.Reporting.Tests;

public sealed class LeadFactStoreTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly LeadFactStore _store = new(postgres.DataSource);

    [Fact]
    public async Task Migrations_create_the_read_models()
    {
        await using var command = postgres.DataSource.CreateCommand("SELECT id FROM schema_migrations ORDER BY id");
        var applied = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
                applied.Add(reader.GetString(0));

        Assert.Equal(["0000_messaging", "0002_read_models", "0003_report_indexes"], applied);
    }

    [Fact]
    public async Task Shuffled_and_redelivered_events_upserted_in_sql_equal_the_pure_projection()
    {
        var ct = TestContext.Current.CancellationToken;
        for (var seed = 0; seed < 6; seed++)
        {
            var events = new LeadEvents(Guid.NewGuid(), Monday);
            Guid firstBreach = Guid.NewGuid(), secondBreach = Guid.NewGuid();
            var story = events.FullStory(firstBreach, secondBreach);
            var expected = LeadFactProjector.ProjectAll(story);

            foreach (var integrationEvent in Shuffle.WithDuplicates(story, seed))
            {
                await using var connection = await postgres.DataSource.OpenConnectionAsync(ct);
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await _store.ApplyAsync(integrationEvent, transaction, ct);
                await transaction.CommitAsync(ct);
            }

            Assert.Equal(expected.Leads[events.LeadId], await _store.GetLeadAsync(events.LeadId, ct));
            Assert.Equal(expected.Breaches[firstBreach], await _store.GetBreachAsync(firstBreach, ct));
            Assert.Equal(expected.Breaches[secondBreach], await _store.GetBreachAsync(secondBreach, ct));
        }
    }

    [Fact]
    public async Task Same_time_ties_break_like_the_pure_projector()
    {
        var ct = TestContext.Current.CancellationToken;
        var events = new LeadEvents(Guid.NewGuid(), Monday);
        // Ids whose order differs between byte-wise and field-wise comparison would expose a mismatch.
        var a = events.Captured(0, source: "partner", eventId: Guid.Parse("0000ffff-ff00-0000-0000-000000000000"));
        var b = events.Captured(0, source: "webinar", eventId: Guid.Parse("00010000-0000-0000-0000-000000000000"));
        var c = events.Captured(0, source: "event", eventId: Guid.Parse("80000000-0000-0000-0000-000000000000"));

        await _store.ApplyBatchAsync([b, c, a], ct);

        var stored = await _store.GetLeadAsync(events.LeadId, ct);
        Assert.Equal(LeadFactProjector.ProjectAll([a, b, c]).Leads[events.LeadId], stored);
        Assert.Equal("partner", stored!.Source);
    }

    [Fact]
    public async Task Breach_reason_arriving_before_the_breach_is_kept()
    {
        var ct = TestContext.Current.CancellationToken;
        var events = new LeadEvents(Guid.NewGuid(), Monday);
        var breachId = Guid.NewGuid();

        await _store.ApplyBatchAsync([events.Escalated(20, breachId, "rep on holiday"), events.Breached(10, 5, breachId)], ct);

        var breach = await _store.GetBreachAsync(breachId, ct);
        Assert.Equal(("rep on holiday", "first_touch", events.At(10)), (breach!.Reason, breach.ClauseId, breach.BreachedAt));
        Assert.False(breach.IsUnannotated);
        Assert.Equal(3_000_000, breach.LatenessMicroseconds);
        Assert.Equal(events.At(10), (await _store.GetLeadAsync(events.LeadId, ct))!.FirstTouchBreachedAt);
    }

    [Fact]
    public async Task Events_reporting_does_not_read_write_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var leadId = Guid.NewGuid();
        await using var connection = await postgres.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        var applied = await _store.ApplyAsync(new ActivityRecorded
        {
            EventId = Guid.NewGuid(), OccurredAt = Monday, ContractVersion = 1, LeadId = leadId, ActivityId = Guid.NewGuid(), ActivityType = "email_opened",
        }, transaction, ct);
        await transaction.CommitAsync(ct);

        Assert.False(applied);
        Assert.Null(await _store.GetLeadAsync(leadId, ct));
    }

    [Fact]
    public async Task Listing_applies_the_filters_in_sql()
    {
        var ct = TestContext.Current.CancellationToken;
        var campaign = "camp-" + Guid.NewGuid().ToString("N");
        var marketing = new LeadEvents(Guid.NewGuid(), Monday, contractVersion: 3);
        var sales = new LeadEvents(Guid.NewGuid(), Monday, contractVersion: 3);
        var otherVersion = new LeadEvents(Guid.NewGuid(), Monday, contractVersion: 4);
        await _store.ApplyBatchAsync(
        [
            marketing.Captured(0, source: "webinar", campaign: campaign), marketing.Assigned(1, team: "emea", owner: "rep-7"),
            sales.Captured(0, source: "sales_outbound", marketingSourced: false, campaign: campaign), sales.Assigned(1, team: "emea", owner: "rep-8"),
            otherVersion.Captured(0, source: "webinar", campaign: campaign),
        ], ct);

        var byCampaign = await ToListAsync(_store.ListLeadsAsync(new LeadFilter { Campaign = campaign }, ct));
        var bySource = await ToListAsync(_store.ListLeadsAsync(new LeadFilter { Campaign = campaign, Source = "webinar", ContractVersion = 3 }, ct));
        var byOwner = await ToListAsync(_store.ListLeadsAsync(new LeadFilter { Campaign = campaign, TeamId = "emea", OwnerRepId = "rep-8" }, ct));

        Assert.Equal(3, byCampaign.Count);
        Assert.Equal(marketing.LeadId, Assert.Single(bySource).LeadId);
        Assert.Equal(sales.LeadId, Assert.Single(byOwner).LeadId);
    }

    [Fact]
    public async Task Listing_breaches_selects_the_period()
    {
        var ct = TestContext.Current.CancellationToken;
        var events = new LeadEvents(Guid.NewGuid(), new DateTimeOffset(2031, 1, 6, 0, 0, 0, TimeSpan.Zero));
        Guid inside = Guid.NewGuid(), outside = Guid.NewGuid();
        await _store.ApplyBatchAsync([events.Breached(60, 50, inside), events.Breached(60 * 24 * 8, 50, outside, number: 2)], ct);

        var listed = await ToListAsync(_store.ListBreachesAsync(events.At(0), events.At(60 * 24 * 7), ct));

        Assert.Equal(inside, Assert.Single(listed).BreachId);
    }

    [Fact]
    public async Task A_failed_transaction_leaves_no_trace()
    {
        var ct = TestContext.Current.CancellationToken;
        var events = new LeadEvents(Guid.NewGuid(), Monday);
        await using (var connection = await postgres.DataSource.OpenConnectionAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            await _store.ApplyAsync(events.Captured(0), transaction, ct);
            await transaction.RollbackAsync(ct);
        }

        Assert.Null(await _store.GetLeadAsync(events.LeadId, ct));
    }

    [Fact]
    public async Task Scorecard_and_funnel_over_stored_facts_equal_the_hand_computed_ones()
    {
        var ct = TestContext.Current.CancellationToken;
        // A campaign of its own keeps other tests' November leads out; ids are fresh for the same reason.
        var campaign = "seeded-" + Guid.NewGuid().ToString("N");
        var ids = NovemberLeads.Leads.ToDictionary(l => l.LeadId, _ => Guid.NewGuid());
        var leads = NovemberLeads.Leads.Select(l => l with { LeadId = ids[l.LeadId], Campaign = campaign }).ToList();
        var breaches = NovemberLeads.Breaches.Select(b => b with { LeadId = ids[b.LeadId] }).ToList();
        foreach (var lead in leads)
            await _store.MergeAsync(lead, ct);
        foreach (var breach in breaches)
            await _store.MergeAsync(breach, ct);
        var filter = new LeadFilter { Campaign = campaign };
        var november = NovemberLeads.November;

        var stored = await ToListAsync(_store.ListLeadsInPeriodAsync(november, filter, ct));
        var storedBreaches = await ToListAsync(_store.ListBreachesAsync(november.From, november.To, ct));
        var scorecard = ScorecardCalculator.Compute(stored, storedBreaches, november, filter, ScorecardTargets.Default);
        var funnel = FunnelCalculator.Compute(stored, november, filter);

        Assert.Equal(leads.Count, stored.Count); // L7 was captured in October but accepted, opened and won in November
        Assert.Equal(0.6667m, scorecard.Figure(FigureKeys.AcceptanceRate).Value);
        Assert.Equal(0.6667m, scorecard.Figure(FigureKeys.FollowUpCompliance).Value);
        Assert.Equal(17.3m, scorecard.Figure(FigureKeys.CycleLength).Value);
        Assert.Equal(2m, scorecard.Figure(FigureKeys.UnannotatedBreaches).Value);
        Assert.Equal([new MoneyAmount("EUR", 3_000m), new MoneyAmount("USD", 30_000m)], scorecard.MarketingInfluencedRevenue);
        Assert.Equal([8L, 7, 7, 6, 4, 4, 4, 2], funnel.Stages.Select(s => s.Count));
        var inMemory = ScorecardCalculator.Compute(leads, breaches, november, filter, ScorecardTargets.Default);
        Assert.Equal(inMemory.Figures, scorecard.Figures);
    }

    [Fact]
    public async Task Listing_a_period_leaves_out_leads_with_nothing_in_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var campaign = "period-" + Guid.NewGuid().ToString("N");
        var inside = NovemberLeads.Lead(Guid.NewGuid(), NovemberLeads.T(10, 1, 9), "webinar", true) with { Campaign = campaign, WonAt = NovemberLeads.N(30, 23) };
        var outside = NovemberLeads.Lead(Guid.NewGuid(), NovemberLeads.T(10, 1, 9), "webinar", true) with { Campaign = campaign, WonAt = NovemberLeads.T(12, 1, 0) };
        await _store.MergeAsync(inside, ct);
        await _store.MergeAsync(outside, ct);

        var listed = await ToListAsync(_store.ListLeadsInPeriodAsync(NovemberLeads.November, new LeadFilter { Campaign = campaign }, ct));

        Assert.Equal(inside.LeadId, Assert.Single(listed).LeadId);
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
            list.Add(item);
        return list;
    }
}
