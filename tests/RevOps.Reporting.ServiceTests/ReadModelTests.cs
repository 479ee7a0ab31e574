using RevOps.Contracts.Events;
using RevOps.Contracts.V1;
using RevOps.Reporting.Tests;
using RevOps.Reporting.ServiceTests.Infrastructure;
using static RevOps.Reporting.ServiceTests.Infrastructure.Requests;

namespace RevOps.Reporting.ServiceTests;

public sealed class ReadModelTests(ReportingStack stack)
{
    [Fact]
    public async Task Events_on_the_bus_in_any_order_and_repeated_give_the_hand_computed_funnel_and_scorecard()
    {
        var story = new Story(new DateTimeOffset(2031, 3, 4, 9, 0, 0, TimeSpan.Zero));
        var events = story.Events();
        await stack.PublishAsync(Story.Shuffled(events, seed: 31));
        await stack.WaitForInboxAsync(events.Select(e => e.EventId));

        var funnel = await stack.Client.GetFunnelAsync(new GetFunnelRequest { Period = Month(2031, 3) });
        Assert.Equal([4L, 3, 3, 3, 2, 1, 1, 1], funnel.Stages.Select(s => s.Count));
        Assert.Equal([null, 0.75m, 1m, 1m, 0.6667m, 0.5m, 1m, 1m], funnel.Stages.Select(s => Decimal(s.ConversionFromPrevious)));
        Assert.Equal((FunnelStage.Accepted, FunnelStage.Sao, 1L, 0.5m),
            (funnel.BiggestDropOff.From, funnel.BiggestDropOff.To, funnel.BiggestDropOff.Lost, Decimal(funnel.BiggestDropOff.Conversion)));

        var scorecard = await stack.Client.GetScorecardAsync(new GetScorecardRequest { Period = Month(2031, 3) });
        // Dispositions: L1 and L3 accepted, L2 rejected → 2 / 3, under the contract's 70%.
        AssertFigure(Figure(scorecard, "acceptance_rate"), 0.6667m, 0.70m, FigureStatus.Missed, 3);
        // First touch due in March: L1 and L2 in time, L3 breached → 2 / 3, under 90%.
        AssertFigure(Figure(scorecard, "follow_up_compliance"), 0.6667m, 0.90m, FigureStatus.Missed, 3);
        // Three ICP-fit MQLs against marketing's 200 a month in the default contract.
        AssertFigure(Figure(scorecard, "icp_mqls"), 3m, 200m, FigureStatus.Missed, 3);
        // Assignment → first touch: 30, 120, 294 minutes; the nearest-rank median is 120.
        Assert.Equal(120m, Decimal(Figure(scorecard, "speed_to_first_touch_p50").Value));
        var breach = Assert.Single(scorecard.Breaches);
        Assert.Equal((story.L3Breach.ToString(), "first_touch", "rep out sick", false), (breach.BreachId, breach.ClauseId, breach.Reason, breach.Unannotated));
        var reason = Assert.Single(scorecard.RejectionReasons);
        Assert.Equal(("no_fit", 1L, 1m), (reason.Reason, reason.Count, Decimal(reason.Share)));
        Assert.Equal((1L, 0L), (scorecard.SourceMix.MarketingSourced, scorecard.SourceMix.SalesSourced));

        // The filters narrow the same facts: only L4 came from sales.
        var sales = await stack.Client.GetFunnelAsync(new GetFunnelRequest { Period = Month(2031, 3), Filter = new ReportFilter { Source = "sales_outbound" } });
        Assert.Equal([1L, 0, 0, 0, 0, 0, 0, 0], sales.Stages.Select(s => s.Count));
    }

    [Fact]
    public async Task A_redelivered_event_changes_nothing_even_when_its_body_would()
    {
        var story = new Story(new DateTimeOffset(2031, 5, 6, 9, 0, 0, TimeSpan.Zero));
        var events = story.Events();
        await stack.PublishAsync(events);
        await stack.WaitForInboxAsync(events.Select(e => e.EventId));
        var before = await stack.Client.GetScorecardAsync(new GetScorecardRequest { Period = Month(2031, 5) });

        // Same message id, a body that would win the merge (an earlier rejection with another reason) if it were applied.
        var redelivery = story.L2.Rejected(100, "competitor");
        await stack.PublishAsync(redelivery, story.L2Rejection.EventId);
        // A fresh event behind it on the same queue: once it is in, the redelivery has been taken off the queue before it.
        var marker = new Story(new DateTimeOffset(2031, 7, 1, 9, 0, 0, TimeSpan.Zero)).L1.Rejected(0, "no_timing");
        await stack.PublishAsync([marker]);
        await stack.WaitForInboxAsync([marker.EventId]);

        var after = await stack.Client.GetScorecardAsync(new GetScorecardRequest { Period = Month(2031, 5) });
        Assert.Equal(before, after);
        Assert.Equal("no_fit", Assert.Single(after.RejectionReasons).Reason);
    }

    [Fact]
    public async Task A_poison_event_goes_to_the_error_queue_alone_and_the_good_events_of_every_type_sent_with_it_are_applied()
    {
        var errors = await stack.WatchQueueAsync<OpportunityUpdated>(ErrorQueue);
        var start = new DateTimeOffset(2032, 8, 3, 9, 0, 0, TimeSpan.Zero); // a month no other test reports on
        var leads = Enumerable.Range(0, 6).Select(_ => new LeadEvents(Guid.NewGuid(), start)).ToArray();
        // A currency code longer than three letters, on the latest update of its lead (so no merge can drop it): PostgreSQL
        // refuses the row.
        var poison = leads[3].Opportunity(30, "proposal", OpportunityOutcome.Open, 500m, currency: "EURO");
        var good = leads.SelectMany(l => new IIntegrationEvent[]
        {
            l.Captured(0), l.Assigned(1), l.Touched(5), l.Accepted(10), l.Opportunity(20, "closed_won", OpportunityOutcome.Won, 1_000m),
        }).ToArray();
        // Back to back onto the service's one queue, so they may share batches: the poison's batch fails and is split around it
        // (LeadFactStoreTests holds such a batch together).
        await stack.PublishAsync([.. good[..15], poison, .. good[15..]]);

        await stack.WaitForInboxAsync(good.Select(e => e.EventId));
        await Eventually.ReturnsAsync(() => Task.FromResult(errors.ToArray()), ids => ids.Contains(poison.EventId),
            TimeSpan.FromSeconds(90), $"the poison event in {ErrorQueue}");

        Assert.Equal([poison.EventId], errors.ToArray());
        // Every lead captured, touched, accepted and won as its good events say; the poison (open again, ten minutes later)
        // left no trace on lead 3.
        await using var facts = stack.ReportingDb.CreateCommand(
            "SELECT captured_at, first_touch_at, accepted_at, opportunity_updated_at, won_at FROM lead_facts WHERE lead_id = ANY($1)");
        facts.Parameters.Add(new Npgsql.NpgsqlParameter { Value = leads.Select(l => l.LeadId).ToArray() });
        var stored = new List<(DateTimeOffset, DateTimeOffset, DateTimeOffset, DateTimeOffset, DateTimeOffset)>();
        await using (var reader = await facts.ExecuteReaderAsync(TestContext.Current.CancellationToken))
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
                stored.Add((reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2),
                    reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4)));
        Assert.Equal(Enumerable.Repeat((start, start.AddMinutes(5), start.AddMinutes(10), start.AddMinutes(20), start.AddMinutes(20)), 6), stored);
    }

    [Fact]
    public async Task The_weekly_review_pack_samples_the_breached_rejected_and_accepted_leads_of_the_week()
    {
        // Tuesday 6 January 2032: the week starts on Monday the 5th.
        var story = new Story(new DateTimeOffset(2032, 1, 6, 9, 0, 0, TimeSpan.Zero));
        var events = story.Events();
        await stack.PublishAsync(events);
        await stack.WaitForInboxAsync(events.Select(e => e.EventId));
        var monday = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(new DateTimeOffset(2032, 1, 5, 0, 0, 0, TimeSpan.Zero));

        var pack = await stack.Client.GetReviewSampleAsync(new GetReviewSampleRequest { WeekStart = monday });

        Assert.Equal(
            [(story.L3.LeadId.ToString(), ReviewBucket.Breached, "accepted"), (story.L2.LeadId.ToString(), ReviewBucket.Rejected, "rejected"),
             (story.L1.LeadId.ToString(), ReviewBucket.Accepted, "accepted")],
            pack.Leads.Select(l => (l.LeadId, l.Bucket, l.Disposition)));
        Assert.Equal(["first_touch"], pack.Leads[0].BreachedClauses);
        Assert.Equal((40, 30, 70, "no_fit"), (pack.Leads[1].FitScore, pack.Leads[1].BehaviourScore, pack.Leads[1].TotalScore, pack.Leads[1].RejectionReason));

        var tuesday = await Assert.ThrowsAsync<RevOps.Grpc.RpcException>(() => stack.Client.GetReviewSampleAsync(
            new GetReviewSampleRequest { WeekStart = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(story.L1.At(0)) }));
        Assert.Equal("week_start", Assert.Single(RevOps.Grpc.RpcExceptions.GetFieldViolations(tuesday)).Field);
    }

    /// <summary>Where the service's one queue of events puts what fails for good.</summary>
    private const string ErrorQueue = "reporting-events_error";

    private static void AssertFigure(ScorecardFigure figure, decimal value, decimal target, FigureStatus status, long sampleSize) =>
        Assert.Equal((value, target, status, sampleSize), (Decimal(figure.Value)!.Value, Decimal(figure.Target)!.Value, figure.Status, figure.SampleSize));
}
