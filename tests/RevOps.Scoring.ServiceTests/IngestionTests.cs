using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.Scoring.ServiceTests.Infrastructure;

namespace RevOps.Scoring.ServiceTests;

public sealed class IngestionTests(ScoringStack stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Invalid_input_fails_with_field_violations_a_caller_can_act_on()
    {
        var missingEmail = Leads.Request("");
        await AssertViolationAsync(() => stack.Client.SubmitLeadAsync(missingEmail), "lead.email", "required");
        await AssertViolationAsync(() => stack.Client.SubmitLeadAsync(Leads.Request("not-an-email")), "lead.email", "not a valid email");

        var future = Leads.Request(Leads.UniqueEmail());
        future.Lead.CapturedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(3));
        await AssertViolationAsync(() => stack.Client.SubmitLeadAsync(future), "lead.captured_at", "in the future");

        var lead = await stack.Client.SubmitLeadAsync(Leads.Request(Leads.UniqueEmail()));
        await AssertViolationAsync(() => stack.Client.RecordActivityAsync(new RecordActivityRequest { LeadId = lead.LeadId, ActivityType = "telepathy" }),
            "activity_type", "unknown activity type 'telepathy'");
        await AssertViolationAsync(() => stack.Client.RecordDispositionAsync(new RecordDispositionRequest { LeadId = lead.LeadId, RepId = "rep-1", Disposition = Disposition.Reject }),
            "reason_code", "no_fit");

        var unknownLead = await Assert.ThrowsAsync<RpcException>(() => stack.Client.RecordTouchAsync(
            new RecordTouchRequest { LeadId = Guid.NewGuid().ToString(), RepId = "rep-1", Channel = "call" }));
        Assert.Equal(StatusCode.NotFound, unknownLead.StatusCode);
    }

    [Fact]
    public async Task A_repeated_idempotency_key_or_source_record_returns_the_original_result_and_publishes_nothing_twice()
    {
        var email = Leads.UniqueEmail();
        var externalId = Guid.NewGuid().ToString("N");
        var first = await stack.Client.SubmitLeadAsync(Leads.Request(email, externalId: externalId, idempotencyKey: $"key-{externalId}"));
        Assert.False(first.Replayed);
        Assert.True(first.Created);

        var sameKey = await stack.Replicas[0].SubmitLeadAsync(Leads.Request(email, externalId: externalId, idempotencyKey: $"key-{externalId}"));
        var sameRecord = await stack.Replicas[1].SubmitLeadAsync(Leads.Request(email, externalId: externalId, idempotencyKey: "another-key-" + externalId));
        foreach (var replay in new[] { sameKey, sameRecord })
        {
            Assert.True(replay.Replayed);
            Assert.Equal(first.LeadId, replay.LeadId);
            Assert.Equal(first.Score, replay.Score);
        }

        Assert.Equal(1L, await stack.ScalarAsync<long>(stack.ScoringDb, "SELECT count(*) FROM lead_sources WHERE lead_id = $1", Guid.Parse(first.LeadId)));
        Assert.Equal(1L, await stack.ScalarAsync<long>(stack.ScoringDb, "SELECT count(*) FROM outbox WHERE body ->> 'leadId' = $1 AND message_type LIKE '%.LeadCaptured,%'", first.LeadId));
        await AssertObservedOnceAsync("LeadCaptured", first.LeadId);
        await AssertObservedOnceAsync("LeadScored", first.LeadId);
    }

    [Fact]
    public async Task The_same_email_from_two_sources_is_one_lead_with_both_sources_recorded()
    {
        var local = $"dana.{Guid.NewGuid():N}";
        var web = await stack.Client.SubmitLeadAsync(Leads.Request($"{local}+webinar@gmail.com", source: "webinar"));
        var crmRequest = Leads.Request($"{local.Replace(".", "", StringComparison.Ordinal).ToUpperInvariant()}@GoogleMail.com", source: "crm_sync", externalId: "crm-" + local);
        crmRequest.Lead.DecisionTimelineDays = 30;
        var crm = await stack.Client.SubmitLeadAsync(crmRequest);

        Assert.True(web.Created);
        Assert.False(crm.Created);
        Assert.Equal(web.LeadId, crm.LeadId);
        // The merge filled a gap: the decision timeline now counts.
        Assert.Equal(web.Score.FitScore + 15, crm.Score.FitScore);

        var lead = await stack.Client.GetLeadAsync(new GetLeadRequest { Email = $"{local}@gmail.com" });
        Assert.Equal(web.LeadId, lead.LeadId);
        Assert.Equal(["webinar", "crm_sync"], lead.Sources.Select(s => s.Source));
        await Eventually.ReturnsAsync(() => stack.ObservedAsync("LeadCaptured", "leadId", web.LeadId), n => n == 2, Patience, "two LeadCaptured");
        Assert.Equal(1L, await stack.ScalarAsync<long>(stack.ObserverDb,
            "SELECT count(*) FROM observed_events WHERE message_type = 'LeadCaptured' AND body ->> 'leadId' = $1 AND (body ->> 'isNewLead')::boolean", web.LeadId));
    }

    [Fact]
    public async Task Two_replicas_serving_one_client_the_same_person_at_once_make_one_lead_with_every_source()
    {
        var email = Leads.UniqueEmail();
        var sources = new[] { "web_form", "webinar", "paid_search", "event", "crm_sync", "sdr_outbound", "partner_referral", "marketing_automation" };
        var callsBefore = stack.ReplicaCalls();
        // One client at the service's one address; the proxy hands each call to the next replica.
        var responses = await Task.WhenAll(sources.Select(source =>
            stack.Client.SubmitLeadAsync(Leads.Request(email, source: source, externalId: $"{source}-{email}"))));
        var callsAfter = stack.ReplicaCalls();
        Assert.All(callsAfter.Zip(callsBefore), c => Assert.True(c.First > c.Second, "both replicas served some of the calls"));

        Assert.Single(responses.Select(r => r.LeadId).Distinct());
        Assert.Single(responses, r => r.Created);
        var leadId = Guid.Parse(responses[0].LeadId);
        Assert.Equal((long)sources.Length, await stack.ScalarAsync<long>(stack.ScoringDb, "SELECT count(*) FROM lead_sources WHERE lead_id = $1", leadId));
        Assert.Equal(1L, await stack.ScalarAsync<long>(stack.ScoringDb, "SELECT count(*) FROM leads WHERE email = $1", email));
    }

    [Fact]
    public async Task A_lead_crossing_the_threshold_through_activity_qualifies_exactly_once_per_contract_version()
    {
        var lead = await stack.Client.SubmitLeadAsync(Leads.Request(Leads.UniqueEmail()));
        Assert.False(lead.Qualified);
        Assert.Equal("lead", lead.Stage);
        Assert.Equal(45, lead.Score.TotalScore);

        var demo = await stack.Replicas[0].RecordActivityAsync(new RecordActivityRequest { LeadId = lead.LeadId, ActivityType = "demo_requested", OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) });
        Assert.True(demo.Qualified);
        Assert.Equal("mql", demo.Stage);
        Assert.Contains(demo.Score.Contributions, c => c.Id == "demo_request" && c.Matched && c.Points == 30);

        // More activity, on both replicas at once, keeps the lead above the threshold without qualifying it again.
        var more = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => stack.Replicas[i % 2].RecordActivityAsync(
            new RecordActivityRequest { LeadId = lead.LeadId, ActivityType = "webinar_attended", Source = "webinar", ExternalId = $"{lead.LeadId}-{i}" })));
        Assert.All(more, r => Assert.False(r.Qualified));

        await Eventually.ReturnsAsync(() => stack.ObservedAsync("ActivityRecorded", "leadId", lead.LeadId), n => n == 7, Patience, "7 ActivityRecorded");
        await Eventually.ReturnsAsync(() => stack.ObservedAsync("LeadScored", "leadId", lead.LeadId), n => n == 8, Patience, "8 LeadScored");
        // Each LeadScored carries every criterion's points, the same as the response of the call that scored it.
        var scored = await stack.ObservedBodiesAsync("LeadScored", lead.LeadId);
        Assert.Equal(Points(lead.Score), Contributions(scored[0]));
        Assert.Equal(Points(demo.Score), Contributions(scored[1]));
        Assert.All(scored, e => Assert.Equal(lead.Score.Contributions.Count, Contributions(e).Count));
        await AssertObservedOnceAsync("LeadQualified", lead.LeadId);
        Assert.Equal(1L, await stack.ScalarAsync<long>(stack.ScoringDb, "SELECT count(*) FROM qualifications WHERE lead_id = $1", Guid.Parse(lead.LeadId)));
    }

    [Fact]
    public async Task Sales_follow_up_moves_the_lead_through_its_stages_and_shows_on_the_timeline()
    {
        var request = Leads.Request(Leads.UniqueEmail());
        request.Lead.BudgetAuthority = true;
        request.Lead.DecisionTimelineDays = 20;
        var lead = await stack.Client.SubmitLeadAsync(request);
        Assert.True(lead.Qualified);

        await stack.Client.RecordTouchAsync(new RecordTouchRequest { LeadId = lead.LeadId, RepId = "rep-7", Channel = "call", IdempotencyKey = "touch-" + lead.LeadId });
        var touchReplay = await stack.Client.RecordTouchAsync(new RecordTouchRequest { LeadId = lead.LeadId, RepId = "rep-7", Channel = "call", IdempotencyKey = "touch-" + lead.LeadId });
        Assert.True(touchReplay.Replayed);
        var accepted = await stack.Client.RecordDispositionAsync(new RecordDispositionRequest { LeadId = lead.LeadId, RepId = "rep-7", Disposition = Disposition.Accept });
        Assert.Equal("sql", accepted.Stage);
        var opportunity = await stack.Client.RecordOpportunityAsync(new RecordOpportunityRequest
        {
            LeadId = lead.LeadId, OpportunityId = "opp-" + lead.LeadId, Stage = "proposal", Status = OpportunityStatus.Open,
            Amount = new Money { CurrencyCode = "USD", Units = 48_000 },
        });
        Assert.Equal("opportunity", opportunity.Stage);

        var view = await stack.Client.GetLeadAsync(new GetLeadRequest { LeadId = lead.LeadId });
        Assert.Equal("opportunity", view.Stage);
        Assert.Superset(new HashSet<string> { "captured", "scored", "qualified", "touch", "accepted", "opportunity" }, view.Timeline.Select(t => t.Kind).ToHashSet());
        await Eventually.ReturnsAsync(() => stack.ObservedAsync("OpportunityUpdated", "leadId", lead.LeadId), n => n == 1, Patience, "OpportunityUpdated observed");
        Assert.Equal("opportunity", Assert.Single(await stack.ObservedBodiesAsync("OpportunityUpdated", lead.LeadId)).GetProperty("leadStage").GetString());
        await AssertObservedOnceAsync("LeadTouched", lead.LeadId);
        await AssertObservedOnceAsync("LeadAccepted", lead.LeadId);
    }

    [Fact]
    public async Task A_streamed_batch_returns_one_result_per_lead_in_order_and_a_bad_lead_does_not_fail_it()
    {
        using var call = stack.Client.SubmitLeads(TestContext.Current.CancellationToken);
        var emails = Enumerable.Range(0, 450).Select(i => i == 217 ? "broken@" : Leads.UniqueEmail()).ToList();
        // A duplicate inside the batch merges into the lead created a few messages earlier.
        emails[300] = emails[10];
        foreach (var email in emails)
            await call.RequestStream.WriteAsync(Leads.Request(email), TestContext.Current.CancellationToken);
        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;

        Assert.Equal(emails.Count, response.Results.Count);
        Assert.Equal(Enumerable.Range(0, emails.Count), response.Results.Select(r => r.Index));
        Assert.Equal(1, response.Failed);
        Assert.Equal(emails.Count - 1, response.Succeeded);
        Assert.Equal("lead.email", Assert.Single(response.Results[217].Error.Violations).Field);
        Assert.Equal(response.Results[10].Lead.LeadId, response.Results[300].Lead.LeadId);
        Assert.False(response.Results[300].Lead.Created);
        Assert.Equal((long)emails.Count - 2, await stack.ScalarAsync<long>(stack.ScoringDb, "SELECT count(*) FROM leads WHERE email = ANY($1)", (object)emails.ToArray()));
    }

    /// <summary>Waits for the event to arrive, then checks it arrived once (every test's leads are new, so more would be a duplicate).</summary>
    private async Task AssertObservedOnceAsync(string eventType, string leadId)
    {
        await Eventually.ReturnsAsync(() => stack.ObservedAsync(eventType, "leadId", leadId), n => n >= 1, Patience, $"{eventType} observed");
        Assert.Equal(1L, await stack.ObservedAsync(eventType, "leadId", leadId));
    }

    private static Dictionary<string, int> Points(ScoreBreakdown score) => score.Contributions.ToDictionary(c => c.Id, c => c.Points);

    private static Dictionary<string, int> Contributions(JsonElement scored) =>
        scored.GetProperty("contributions").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());

    private static async Task AssertViolationAsync<T>(Func<Task<T>> call, string field, string descriptionPart)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.GetFieldViolations(), v => v.Field == field && v.Description.Contains(descriptionPart, StringComparison.Ordinal));
    }
}
