using Google.Protobuf.WellKnownTypes;
using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.Scoring.ServiceTests.Infrastructure;

namespace RevOps.Scoring.ServiceTests;

/// <summary>
/// SuggestAdjustments over real leads, dispositions and opportunities. The leads touch only pricing_page_visit (15 points)
/// and content_download (5 points) beyond the 45 fit points every test lead has, so the activated proposal changes
/// nothing other tests rely on.
/// </summary>
public sealed class AdjustmentTests(ScoringStack stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Invalid_requests_fail_with_field_violations()
    {
        await AssertViolationAsync(new SuggestAdjustmentsRequest { MinSample = -1 }, "min_sample");
        await AssertViolationAsync(new SuggestAdjustmentsRequest { Since = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)) }, "since");
        await AssertViolationAsync(new SuggestAdjustmentsRequest { Propose = true, ProposedBy = " " }, "proposed_by");
    }

    [Fact]
    public async Task Sales_verdicts_per_criterion_become_a_proposed_version_that_activates_only_with_both_signatures()
    {
        var since = DateTimeOffset.UtcNow;
        var before = await stack.Client.GetActiveAsync();

        // Rejected before the window: it must not count.
        var early = await LeadAsync("page_visited", "https://example.com/pricing");
        await DispositionAsync(early, Disposition.Reject, "no_fit", since.AddHours(-1));

        await Task.WhenAll(
            // Pricing-page visitors: 5 of 6 rejected as no fit.
            Group(5, lead => DispositionAsync(lead, Disposition.Reject, "no_fit"), "page_visited", "https://example.com/pricing"),
            Group(1, lead => DispositionAsync(lead, Disposition.Accept), "page_visited", "https://example.com/pricing"),
            // Content downloaders: all accepted; 4 reach the proposal stage, 1 is won without it, 1 has no opportunity.
            Group(4, async lead =>
            {
                await DispositionAsync(lead, Disposition.Accept);
                await OpportunityAsync(lead, "proposal", OpportunityStatus.Open);
            }, "content_downloaded", "whitepaper"),
            Group(1, async lead =>
            {
                await DispositionAsync(lead, Disposition.Accept);
                await OpportunityAsync(lead, "closed_won", OpportunityStatus.Won);
            }, "content_downloaded", "whitepaper"),
            Group(1, lead => DispositionAsync(lead, Disposition.Accept), "content_downloaded", "whitepaper"),
            // Neither: 4 accepted, 1 accepted after an earlier reject (the latest verdict counts),
            // 1 accepted with an opportunity still in discovery (not a conversion), 2 rejected for timing.
            Group(4, lead => DispositionAsync(lead, Disposition.Accept)),
            Group(1, async lead =>
            {
                await DispositionAsync(lead, Disposition.Reject, "no_contact");
                await DispositionAsync(lead, Disposition.Accept);
            }),
            Group(1, async lead =>
            {
                await DispositionAsync(lead, Disposition.Accept);
                await OpportunityAsync(lead, "discovery", OpportunityStatus.Open);
            }),
            Group(2, lead => DispositionAsync(lead, Disposition.Reject, "no_timing")));

        var suggestion = await stack.Client.SuggestAdjustmentsAsync(new SuggestAdjustmentsRequest { Since = Timestamp.FromDateTimeOffset(since), MinSample = 5 });

        Assert.Equal(before.Version, suggestion.BaseContractVersion);
        Assert.Equal(20, suggestion.Dispositioned);
        Assert.Equal(13 / 20.0, suggestion.BaselineAcceptanceRate, 9);
        Assert.Equal(5 / 20.0, suggestion.BaselineConversionRate, 9);
        Assert.Equal(5 / 20.0, suggestion.BaselineFitRejectionRate, 9);
        AssertStats(suggestion, "pricing_page_visit", 15, dispositioned: 6, acceptance: 1 / 6.0, conversion: 0, fitRejection: 5 / 6.0);
        AssertStats(suggestion, "content_download", 5, dispositioned: 6, acceptance: 1, conversion: 5 / 6.0, fitRejection: 0);
        // Every lead matched these, so they are the average and stay as they are.
        AssertStats(suggestion, "qualified_role", 25, dispositioned: 20, acceptance: 13 / 20.0, conversion: 5 / 20.0, fitRejection: 5 / 20.0);
        AssertStats(suggestion, "webinar", 10, dispositioned: 0, acceptance: 0, conversion: 0, fitRejection: 0);

        Assert.Equal(2, suggestion.Changes.Count);
        // A fit for 1 in 6 against 3 in 4 on average: 15 x (1/6) / (3/4) = 3.3.
        var pricing = suggestion.Changes.Single(c => c.CriterionId == "pricing_page_visit");
        Assert.Equal((15, 3), (pricing.OldPoints, pricing.NewPoints));
        Assert.Contains("83% of 6 leads vs 25% on average", pricing.Reason, StringComparison.Ordinal);
        // Converted 5 in 6 against 1 in 4 on average: a quarter more, at least one point.
        var content = suggestion.Changes.Single(c => c.CriterionId == "content_download");
        Assert.Equal((5, 6), (content.OldPoints, content.NewPoints));
        Assert.Contains("converted 83% of 6 leads vs 25% on average", content.Reason, StringComparison.Ordinal);
        Assert.NotEqual("", suggestion.ProposedYaml);
        Assert.Equal(0, suggestion.ProposedVersion);
        var versionsBefore = (await stack.Client.HistoryAsync(new ContractHistoryRequest { OmitYaml = true })).Versions.Count;

        // Too small a sample for any change: the stats come back and no version is stored.
        var nothingToPropose = await stack.Client.SuggestAdjustmentsAsync(new SuggestAdjustmentsRequest
        {
            Since = Timestamp.FromDateTimeOffset(since), MinSample = 7, Propose = true, ProposedBy = "revops@example.com",
        });
        Assert.Empty(nothingToPropose.Changes);
        Assert.Equal(20, nothingToPropose.Dispositioned);
        Assert.Equal((0, ""), (nothingToPropose.ProposedVersion, nothingToPropose.ProposedYaml));
        Assert.Equal(versionsBefore, (await stack.Client.HistoryAsync(new ContractHistoryRequest { OmitYaml = true })).Versions.Count);

        var proposed = await stack.Replicas[1].SuggestAdjustmentsAsync(new SuggestAdjustmentsRequest
        {
            Since = Timestamp.FromDateTimeOffset(since), MinSample = 5, Propose = true, ProposedBy = "revops@example.com",
        });
        Assert.True(proposed.ProposedVersion > before.Version);
        var stored = Assert.Single((await stack.Client.HistoryAsync(new ContractHistoryRequest())).Versions, v => v.Version == proposed.ProposedVersion);
        Assert.Equal(ContractStatus.Proposed, stored.Status);
        Assert.Equal("revops@example.com", stored.ProposedBy);
        Assert.Empty(stored.Signatures);
        Assert.Equal(stored.Yaml, proposed.ProposedYaml);
        var diff = await stack.Client.DiffAsync(new DiffContractsRequest { FromVersion = before.Version, ToVersion = proposed.ProposedVersion });
        Assert.Equal(
            new HashSet<(string, string, string)>
            {
                ("scoring.behaviour.signals[pricing_page_visit].points", "15", "3"),
                ("scoring.behaviour.signals[content_download].points", "5", "6"),
            },
            diff.Changes.Select(c => (c.Path, c.OldValue, c.NewValue)).ToHashSet());

        var marketing = await stack.Client.SignAsync(new SignContractRequest { Version = proposed.ProposedVersion, Side = SigningSide.Marketing, Signer = "Maria Marketing" });
        Assert.False(marketing.Activated);
        Assert.Equal(before.Version, (await stack.Replicas[0].GetActiveAsync()).Version);
        Assert.Equal(before.Version, (await stack.Replicas[1].GetActiveAsync()).Version);

        var sales = await stack.Client.SignAsync(new SignContractRequest { Version = proposed.ProposedVersion, Side = SigningSide.Sales, Signer = "Sam Sales" });
        Assert.True(sales.Activated);
        foreach (var replica in stack.Replicas)
            await Eventually.ReturnsAsync(async () => (await replica.GetActiveAsync()).Version, v => v == proposed.ProposedVersion, Patience, "both replicas use the proposal");
        var rescored = await LeadAsync("page_visited", "https://example.com/pricing");
        Assert.Equal(3, rescored.Score.Contributions.Single(c => c.Id == "pricing_page_visit").Points);
    }

    private static void AssertStats(SuggestAdjustmentsResponse suggestion, string criterionId, int points, int dispositioned, double acceptance, double conversion, double fitRejection)
    {
        var stats = suggestion.Criteria.Single(c => c.CriterionId == criterionId);
        Assert.Equal((points, dispositioned), (stats.Points, stats.Dispositioned));
        Assert.Equal(acceptance, stats.AcceptanceRate, 9);
        Assert.Equal(conversion, stats.ConversionRate, 9);
        Assert.Equal(fitRejection, stats.FitRejectionRate, 9);
    }

    /// <summary><paramref name="count"/> new leads, each with the activity when given, then <paramref name="verdict"/> for each.</summary>
    private Task Group(int count, Func<RecordActivityResponse, Task> verdict, string? activityType = null, string? detail = null) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(async _ => await verdict(await LeadAsync(activityType, detail))));

    /// <summary>A new 45-point lead, scored again after the activity when one is given.</summary>
    private async Task<RecordActivityResponse> LeadAsync(string? activityType, string? detail = null)
    {
        var lead = await stack.Client.SubmitLeadAsync(Leads.Request(Leads.UniqueEmail()));
        if (activityType is null)
            return new RecordActivityResponse { LeadId = lead.LeadId, Score = lead.Score };
        return await stack.Client.RecordActivityAsync(new RecordActivityRequest
        {
            LeadId = lead.LeadId, ActivityType = activityType, Detail = detail ?? "", OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        });
    }

    private async Task DispositionAsync(RecordActivityResponse lead, Disposition disposition, string reason = "", DateTimeOffset? occurredAt = null) =>
        await stack.Client.RecordDispositionAsync(new RecordDispositionRequest
        {
            LeadId = lead.LeadId, RepId = "rep-adjust", Disposition = disposition, ReasonCode = reason,
            OccurredAt = Timestamp.FromDateTimeOffset(occurredAt ?? DateTimeOffset.UtcNow),
        });

    private async Task OpportunityAsync(RecordActivityResponse lead, string stage, OpportunityStatus status) =>
        await stack.Client.RecordOpportunityAsync(new RecordOpportunityRequest
        {
            LeadId = lead.LeadId, OpportunityId = "opp-" + lead.LeadId, Stage = stage, Status = status,
            Amount = new Money { CurrencyCode = "USD", Units = 30_000 },
        });

    private async Task AssertViolationAsync(SuggestAdjustmentsRequest request, string field)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => stack.Client.SuggestAdjustmentsAsync(request));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.GetFieldViolations(), v => v.Field == field);
    }
}
