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

        Assert.Equal(
            ["0000_messaging", "0000_messaging_1_outbox_unpublishable", "0000_messaging_2_outbox_relay_after", "0000_messaging_3_inbox_processed_at",
                "0002_read_models", "0003_report_indexes", "0004_no_period_indexes", "0005_breach_reasons_from_annotations"],
            applied);
    }

    [Fact]
    public async Task Shuffled_and_repeated_events_upserted_one_by_one_in_sql_equal_the_pure_projection()
    {
        var ct = TestContext.Current.CancellationToken;
        for (var seed = 0; seed < 6; seed++)
        {
            var events = new LeadEvents(Guid.NewGuid(), Monday);
            Guid firstBreach = Guid.NewGuid(), secondBreach = Guid.NewGuid();
            var story = events.FullStory(firstBreach, secondBreach);
            var expected = LeadFactProjector.ProjectAll(story);

            // One event per call: every merge after the first runs in SQL against the stored row.
            foreach (var integrationEvent in Shuffle.WithDuplicates(story, seed))
                await _store.ApplyBatchAsync([integrationEvent], ct);

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

        foreach (var captured in new[] { b, c, a })
            await _store.ApplyBatchAsync([captured], ct); // one at a time: the ties break in SQL

        var stored = await _store.GetLeadAsync(events.LeadId, ct);
        Assert.Equal(LeadFactProjector.ProjectAll([a, b, c]).Leads[events.LeadId], stored);
        Assert.Equal("partner", stored!.Source);
    }

    [Fact]
    public async Task Breach_reason_arriving_before_the_breach_is_kept_and_a_later_annotation_replaces_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var events = new LeadEvents(Guid.NewGuid(), Monday);
        var breachId = Guid.NewGuid();

        await _store.ApplyBatchAsync([events.Annotated(20, breachId, "rep on holiday")], ct);
        await _store.ApplyBatchAsync([events.Breached(10, 5, breachId), events.Escalated(11, breachId, "not touched within 4 business hours")], ct);

        var breach = await _store.GetBreachAsync(breachId, ct);
        Assert.Equal(("rep on holiday", "first_touch", events.At(10)), (breach!.Reason, breach.ClauseId, breach.BreachedAt));
        Assert.False(breach.IsUnannotated);

        // The manager corrects the reason; the first annotation arriving again, late, does not bring it back.
        await _store.ApplyBatchAsync([events.Annotated(30, breachId, "no cover while rep on holiday")], ct);
        await _store.ApplyBatchAsync([events.Annotated(20, breachId, "rep on holiday")], ct);
        Assert.Equal("no cover while rep on holiday", (await _store.GetBreachAsync(breachId, ct))!.Reason);
        Assert.Equal(3_000_000, breach.LatenessMicroseconds);
        Assert.Equal(events.At(10), (await _store.GetLeadAsync(events.LeadId, ct))!.FirstTouchBreachedAt);
    }

    [Fact]
    public async Task Events_reporting_does_not_read_write_nothing_but_their_inbox_claim()
    {
        var ct = TestContext.Current.CancellationToken;
        var events = new LeadEvents(Guid.NewGuid(), Monday);
        var activity = new ActivityRecorded
        {
            EventId = Guid.NewGuid(), OccurredAt = Monday, ContractVersion = 1, LeadId = events.LeadId, ActivityId = Guid.NewGuid(),
            ActivityType = "email_opened",
        };
        // An escalation's text says what the contract did about a breach, not why it happened: no reason, no fact.
        var breachId = Guid.NewGuid();
        var escalation = events.Escalated(20, breachId, "not touched within 4 business hours");

        var changed = await _store.ApplyAsync(
            [new InboxMessage(activity.EventId, Consumer, activity), new InboxMessage(escalation.EventId, Consumer, escalation)], ct);

        Assert.Equal(0, changed);
        Assert.Null(await _store.GetLeadAsync(events.LeadId, ct));
        Assert.Null(await _store.GetBreachAsync(breachId, ct));
        Assert.Equal(2, await InboxRowsAsync([activity.EventId, escalation.EventId], ct));
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
    public async Task A_batch_that_fails_leaves_no_trace_not_even_its_inbox_claims()
    {
        var ct = TestContext.Current.CancellationToken;
        var good = new LeadEvents(Guid.NewGuid(), Monday);
        var bad = new LeadEvents(Guid.NewGuid(), Monday);
        // A currency code longer than the column's three characters: PostgreSQL refuses the row, and with it the batch.
        var messages = Messages([good.Captured(0), bad.Captured(0), bad.Opportunity(10, "proposal", OpportunityOutcome.Open, 5m, currency: "EURO")]);

        await Assert.ThrowsAsync<PostgresException>(() => _store.ApplyAsync(messages, ct));

        Assert.Null(await _store.GetLeadAsync(good.LeadId, ct));
        Assert.Equal(0, await InboxRowsAsync(messages.Select(m => m.MessageId), ct));
        // Claims rolled back: the good messages apply when the batch comes again without the bad one.
        Assert.Equal(1, await _store.ApplyAsync(messages[..1], ct));
        Assert.NotNull(await _store.GetLeadAsync(good.LeadId, ct));
    }

    [Fact]
    public async Task A_failing_message_is_split_off_its_mixed_batch_and_the_rest_of_the_batch_commits()
    {
        var ct = TestContext.Current.CancellationToken;
        var leads = Enumerable.Range(0, 5).Select(_ => new LeadEvents(Guid.NewGuid(), Monday)).ToArray();
        var breach = Guid.NewGuid();
        // Every event type of a lead, then a currency code PostgreSQL refuses, in the middle of the batch.
        var poison = leads[2].Opportunity(50, "proposal", OpportunityOutcome.Open, 5m, currency: "EURO");
        List<IIntegrationEvent> events =
        [
            .. leads.SelectMany(l => new IIntegrationEvent[] { l.Captured(0), l.Qualified(1, fit: 40, behaviour: 30), l.Assigned(2), l.Touched(10) }),
            leads[0].Breached(20, 5, breach), leads[0].Annotated(21, breach, "rep out sick"), leads[1].Rejected(30, "no_fit"),
        ];
        events.Insert(events.Count / 2, poison);
        var messages = Messages(events);

        var failures = await _store.ApplyEachAsync(messages, ct);

        Assert.IsType<PostgresException>(failures[messages.ToList().FindIndex(m => m.MessageId == poison.EventId)]);
        Assert.Single(failures, f => f is not null);
        Assert.Equal(events.Count - 1, await InboxRowsAsync(events.Where(e => e.EventId != poison.EventId).Select(e => e.EventId), ct));
        Assert.Equal(0, await InboxRowsAsync([poison.EventId], ct));
        var expected = LeadFactProjector.ProjectAll(events.Where(e => e.EventId != poison.EventId));
        foreach (var lead in leads)
            Assert.Equal(expected.Leads[lead.LeadId], await _store.GetLeadAsync(lead.LeadId, ct));
        Assert.Equal(expected.Breaches[breach], await _store.GetBreachAsync(breach, ct));
        // Applied again (a redelivery of the whole batch), only the poison fails again, and nothing changes.
        Assert.Equal([poison.EventId], (await _store.ApplyEachAsync(messages, ct)).Zip(messages).Where(x => x.First is not null).Select(x => x.Second.MessageId));
        Assert.Equal(expected.Leads[leads[2].LeadId], await _store.GetLeadAsync(leads[2].LeadId, ct));
    }

    [Fact]
    public async Task A_batch_claims_each_message_for_its_own_consumer()
    {
        var ct = TestContext.Current.CancellationToken;
        var events = new LeadEvents(Guid.NewGuid(), Monday);
        var captured = events.Captured(0);
        var touched = events.Touched(10);
        await _store.ApplyAsync([new(captured.EventId, "LeadCapturedConsumer", captured)], ct);

        // The capture is claimed already by its consumer; the same message for another consumer, and the touch, are new.
        var changed = await _store.ApplyAsync(
            [new(captured.EventId, "LeadCapturedConsumer", captured), new(captured.EventId, "OtherConsumer", captured), new(touched.EventId, "LeadTouchedConsumer", touched)], ct);

        Assert.Equal(1, changed);
        await using var command = postgres.DataSource.CreateCommand("SELECT message_id, consumer FROM inbox WHERE message_id = ANY($1) ORDER BY consumer");
        command.Parameters.Add(new NpgsqlParameter { Value = new[] { captured.EventId, touched.EventId } });
        var claims = new List<(Guid, string)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                claims.Add((reader.GetGuid(0), reader.GetString(1)));
        Assert.Equal([(captured.EventId, "LeadCapturedConsumer"), (touched.EventId, "LeadTouchedConsumer"), (captured.EventId, "OtherConsumer")], claims);
        Assert.Equal(events.At(10), (await _store.GetLeadAsync(events.LeadId, ct))!.FirstTouchAt);
    }

    [Fact]
    public async Task A_batch_merges_several_events_of_one_lead_in_any_order_with_the_stored_fact()
    {
        var ct = TestContext.Current.CancellationToken;
        for (var seed = 0; seed < 6; seed++)
        {
            var events = new LeadEvents(Guid.NewGuid(), Monday);
            Guid firstBreach = Guid.NewGuid(), secondBreach = Guid.NewGuid();
            var story = events.FullStory(firstBreach, secondBreach);
            var expected = LeadFactProjector.ProjectAll(story);
            // Shuffled, with redeliveries, in batches of a few messages: merges happen both in C# (inside a batch) and in SQL.
            var messages = Messages(Shuffle.WithDuplicates(story, seed));

            foreach (var batch in messages.Chunk(seed + 2))
                await _store.ApplyAsync(batch, ct);

            Assert.Equal(expected.Leads[events.LeadId], await _store.GetLeadAsync(events.LeadId, ct));
            Assert.Equal(expected.Breaches[firstBreach], await _store.GetBreachAsync(firstBreach, ct));
            Assert.Equal(expected.Breaches[secondBreach], await _store.GetBreachAsync(secondBreach, ct));
            Assert.Equal(story.Count, await InboxRowsAsync(story.Select(e => e.EventId), ct));
        }
    }

    [Fact]
    public async Task A_message_id_seen_before_or_twice_in_a_batch_applies_once_whatever_its_body()
    {
        var ct = TestContext.Current.CancellationToken;
        var events = new LeadEvents(Guid.NewGuid(), Monday);
        var rejection = events.Rejected(60, "no_fit");
        // Bodies that would win the merge (earlier rejections) if their repeated message id were applied again.
        var inBatch = events.Rejected(30, "competitor");
        var later = events.Rejected(10, "no_timing");
        var captured = events.Captured(0);

        await _store.ApplyAsync([new(rejection.EventId, Consumer, rejection), new(captured.EventId, Consumer, captured), new(rejection.EventId, Consumer, inBatch)], ct);
        var changed = await _store.ApplyAsync([new(rejection.EventId, Consumer, later)], ct);

        var stored = await _store.GetLeadAsync(events.LeadId, ct);
        Assert.Equal((events.At(60), "no_fit"), (stored!.RejectedAt, stored.RejectionReason));
        Assert.Equal(0, changed);
        // Another consumer of the same message keeps its own claim.
        Assert.Equal(1, await _store.ApplyAsync([new(rejection.EventId, "OtherConsumer", rejection)], ct));
    }

    [Fact]
    public async Task A_batch_notifies_the_leads_it_changed_on_commit()
    {
        var ct = TestContext.Current.CancellationToken;
        var channel = RevOps.Reporting.Data.FactMirror.Channel;
        await using var listener = await postgres.DataSource.OpenConnectionAsync(ct);
        var payloads = new List<string>();
        listener.Notification += (_, e) => payloads.Add(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {channel}", listener))
            await listen.ExecuteNonQueryAsync(ct);
        var a = new LeadEvents(Guid.NewGuid(), Monday);
        var b = new LeadEvents(Guid.NewGuid(), Monday);

        await _store.ApplyAsync(Messages([a.Captured(0), a.Assigned(1), b.Captured(0), b.Touched(5)]), ct);
        // A marker sent after the batch committed: notifications arrive in commit order, so the batch's come before it.
        await using (var marker = postgres.DataSource.CreateCommand($"SELECT pg_notify('{channel}', 'marker')"))
            await marker.ExecuteNonQueryAsync(ct);
        while (!payloads.Contains("marker"))
            await listener.WaitAsync(ct);

        Assert.Equal("marker", payloads[^1]);
        var named = string.Concat(payloads[..^1].Select(p => p.StartsWith("leads:", StringComparison.Ordinal) ? p["leads:".Length..] : "?"));
        Assert.Equal(2 * 32, named.Length);
        Assert.Equal(new[] { a.LeadId, b.LeadId }.Order(), named.Chunk(32).Select(id => Guid.ParseExact(id, "N")).Order());
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

        var stored = await ToListAsync(_store.ListLeadsAsync(filter, ct));
        var storedBreaches = await ToListAsync(_store.ListBreachesAsync(november.From, november.To, ct));
        var scorecard = ScorecardCalculator.Compute(stored, storedBreaches, november, filter, ScorecardTargets.Default);
        var funnel = FunnelCalculator.Compute(stored, november, filter);

        Assert.Equal(leads.Count, stored.Count);
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
    public async Task Leads_are_listed_by_id_whole()
    {
        var ct = TestContext.Current.CancellationToken;
        var leads = NovemberLeads.Leads.Select(l => l with { LeadId = Guid.NewGuid() }).ToList();
        foreach (var lead in leads)
            await _store.MergeAsync(lead, ct);

        var listed = await ToListAsync(_store.ListLeadsAsync([leads[0].LeadId, leads[3].LeadId, Guid.NewGuid()], ct));

        Assert.Equal([leads[0], leads[3]], listed.OrderBy(l => l.LeadId == leads[3].LeadId));
    }

    private const string Consumer = "LeadFactStoreTests";

    private static InboxMessage[] Messages(IEnumerable<IIntegrationEvent> events) => [.. events.Select(e => new InboxMessage(e.EventId, Consumer, e))];

    private async Task<long> InboxRowsAsync(IEnumerable<Guid> messageIds, CancellationToken ct)
    {
        await using var command = postgres.DataSource.CreateCommand("SELECT count(*) FROM inbox WHERE consumer = $1 AND message_id = ANY($2)");
        command.Parameters.Add(new NpgsqlParameter { Value = Consumer });
        command.Parameters.Add(new NpgsqlParameter { Value = messageIds.Distinct().ToArray() });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
            list.Add(item);
        return list;
    }
}
