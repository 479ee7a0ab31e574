using System.Net;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.Reporting.ServiceTests.Infrastructure;
using static RevOps.Reporting.ServiceTests.Infrastructure.Requests;

namespace RevOps.Reporting.ServiceTests;

public sealed class ApiTests(ReportingStack stack)
{
    [Fact]
    public async Task WhatIf_reproduces_1500_against_5600_a_month_a_multiple_of_3_7()
    {
        var response = await stack.Client.WhatIfAsync(new WhatIfRequest
        {
            Baseline = Scenario(500m, 100m, 0.5m, 0.3m, 0.2m),
            Scenario = Scenario(500m, 100m, 0.8m, 0.4m, 0.35m),
            CurrencyCode = "USD",
        });

        Assert.Equal([250m, 75m, 15m], response.Baseline.StageVolumes.Select(v => Decimal(v)!.Value));
        Assert.Equal((1_500m, "USD"), (Money(response.Baseline.RevenuePerMonth), response.Baseline.RevenuePerMonth.CurrencyCode));
        Assert.Equal([400m, 160m, 56m], response.Scenario.StageVolumes.Select(v => Decimal(v)!.Value));
        Assert.Equal(5_600m, Money(response.Scenario.RevenuePerMonth));
        Assert.Equal(3.7m, Decimal(response.Multiple));
    }

    [Fact]
    public async Task WhatIf_names_each_rate_outside_0_to_1_and_a_missing_scenario()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => stack.Client.WhatIfAsync(new WhatIfRequest
        {
            Baseline = Scenario(500m, 100m, 0.5m, 30m, 0.2m),
        }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["baseline.stage_conversion_rates[1]", "scenario"], error.GetFieldViolations().Select(v => v.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Reports_name_a_backwards_period_a_blank_filter_and_an_unknown_source()
    {
        var backwards = new Period { From = Month(2031, 4).From, To = Month(2031, 3).From };
        var bad = await Assert.ThrowsAsync<RpcException>(() => stack.Client.GetScorecardAsync(new GetScorecardRequest
        {
            Period = backwards,
            Filter = new ReportFilter { Campaign = " ", ContractVersion = 0 },
        }));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Equal(["filter.campaign", "filter.contract_version", "period.to"], bad.GetFieldViolations().Select(v => v.Field).Order(StringComparer.Ordinal));

        var unknown = await Assert.ThrowsAsync<RpcException>(() => stack.Client.GetFunnelAsync(new GetFunnelRequest
        {
            Period = Month(2031, 3),
            Filter = new ReportFilter { Source = "no-such-source-" + Guid.NewGuid().ToString("N") },
        }));
        Assert.Equal("filter.source", Assert.Single(unknown.GetFieldViolations()).Field);

        var missing = await Assert.ThrowsAsync<RpcException>(() => stack.Client.GetFunnelAsync(new GetFunnelRequest()));
        Assert.Contains(missing.GetFieldViolations(), v => v.Field == "period");
    }

    [Fact]
    public async Task The_page_and_its_json_show_the_numbers_the_grpc_api_gives()
    {
        var story = new Story(new DateTimeOffset(2031, 9, 2, 9, 0, 0, TimeSpan.Zero));
        var events = story.Events();
        await stack.PublishAsync(events);
        await stack.WaitForInboxAsync(events.Select(e => e.EventId));
        using var http = new HttpClient { BaseAddress = stack.HttpAddress };
        var ct = TestContext.Current.CancellationToken;

        var page = await http.GetStringAsync("/", ct);
        Assert.Contains("app.js", page, StringComparison.Ordinal);
        foreach (var asset in new[] { "/app.js", "/styles.css" })
        {
            using var response = await http.GetAsync(asset, ct);
            Assert.True(response.IsSuccessStatusCode, $"{asset} answered {(int)response.StatusCode}");
        }

        const string query = "?from=2031-09-01T00:00:00Z&to=2031-10-01T00:00:00Z&team=emea";
        var grpcScorecard = await stack.Client.GetScorecardAsync(new GetScorecardRequest { Period = Month(2031, 9), Filter = new ReportFilter { TeamId = "emea" } });
        using var scorecard = JsonDocument.Parse(await http.GetStringAsync("/api/scorecard" + query, ct));
        foreach (var figure in scorecard.RootElement.GetProperty("figures").EnumerateArray())
        {
            var expected = Decimal(Figure(grpcScorecard, figure.GetProperty("key").GetString()!).Value);
            var value = figure.GetProperty("value");
            Assert.Equal(expected, value.ValueKind == JsonValueKind.Null ? null : value.GetDecimal());
        }
        Assert.Equal(0.6667m, Decimal(Figure(grpcScorecard, "acceptance_rate").Value));

        var grpcFunnel = await stack.Client.GetFunnelAsync(new GetFunnelRequest { Period = Month(2031, 9), Filter = new ReportFilter { TeamId = "emea" } });
        using var funnel = JsonDocument.Parse(await http.GetStringAsync("/api/funnel" + query, ct));
        Assert.Equal(grpcFunnel.Stages.Select(s => s.Count), funnel.RootElement.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("count").GetInt64()));

        using var rejected = await http.GetAsync("/api/funnel?from=yesterday&to=2031-10-01T00:00:00Z", ct);
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        using var problem = JsonDocument.Parse(await rejected.Content.ReadAsStringAsync(ct));
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("from", out _));
    }

    [Fact]
    public async Task The_json_api_answers_the_review_sample_and_the_what_if_as_grpc_does_and_names_bad_fields()
    {
        // Tuesday 3 February 2032: the week starts on Monday the 2nd.
        var story = new Story(new DateTimeOffset(2032, 2, 3, 9, 0, 0, TimeSpan.Zero));
        var events = story.Events();
        await stack.PublishAsync(events);
        await stack.WaitForInboxAsync(events.Select(e => e.EventId));
        using var http = new HttpClient { BaseAddress = stack.HttpAddress };
        var ct = TestContext.Current.CancellationToken;

        var grpcPack = await stack.Client.GetReviewSampleAsync(new GetReviewSampleRequest
        {
            WeekStart = Timestamp.FromDateTimeOffset(new DateTimeOffset(2032, 2, 2, 0, 0, 0, TimeSpan.Zero)),
        });
        using var pack = JsonDocument.Parse(await http.GetStringAsync("/api/review-sample?week=2032-02-02", ct));
        Assert.Equal(3, grpcPack.Leads.Count);
        Assert.Equal(grpcPack.Leads.Select(l => l.LeadId), pack.RootElement.GetProperty("leads").EnumerateArray().Select(l => l.GetProperty("leadId").GetString()));
        Assert.Equal(grpcPack.LargestChanges.Count, pack.RootElement.GetProperty("largestChanges").GetArrayLength());
        await AssertProblemAsync(http, "/api/review-sample?week=2032-02-03&source=%20", "source", "week");

        var grpcWhatIf = await stack.Client.WhatIfAsync(new WhatIfRequest
        {
            Baseline = Scenario(500m, 100m, 0.5m, 0.3m, 0.2m),
            Scenario = Scenario(500m, 100m, 0.8m, 0.4m, 0.35m),
        });
        using var whatIf = JsonDocument.Parse(await http.GetStringAsync("/api/what-if?leads=500&dealSize=100&baseline=0.5,0.3,0.2&scenario=0.8,0.4,0.35", ct));
        var answer = whatIf.RootElement;
        Assert.Equal((Money(grpcWhatIf.Baseline.RevenuePerMonth), Money(grpcWhatIf.Scenario.RevenuePerMonth), Decimal(grpcWhatIf.Multiple)),
            (answer.GetProperty("baseline").GetProperty("revenuePerMonth").GetDecimal(), answer.GetProperty("scenario").GetProperty("revenuePerMonth").GetDecimal(),
             answer.GetProperty("multiple").GetDecimal()));
        Assert.Equal((1_500m, 3.7m, "USD"), (Money(grpcWhatIf.Baseline.RevenuePerMonth), Decimal(grpcWhatIf.Multiple), answer.GetProperty("currency").GetString()));
        await AssertProblemAsync(http, "/api/what-if?leads=500&dealSize=ten&baseline=0.5,3,x&currency=usd", "baseline[1]", "baseline[2]", "currency", "dealSize", "scenario");
    }

    /// <summary>The call answers 400 with a problem document naming exactly these fields.</summary>
    private static async Task AssertProblemAsync(HttpClient http, string path, params string[] fields)
    {
        using var response = await http.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(fields, problem.RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WatchScorecard_pushes_a_new_scorecard_when_events_arrive()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromSeconds(30));
        using var call = stack.Client.WatchScorecard(new GetScorecardRequest { Period = Month(2031, 11) }, cancel.Token);

        Assert.True(await call.ResponseStream.MoveNext(cancel.Token));
        Assert.Null(Figure(call.ResponseStream.Current.Scorecard, "acceptance_rate").Value);

        var story = new Story(new DateTimeOffset(2031, 11, 4, 9, 0, 0, TimeSpan.Zero));
        await stack.PublishAsync(story.Events());
        // Updates follow the events as they land; the last one carries all of them.
        while (Decimal(Figure(call.ResponseStream.Current.Scorecard, "acceptance_rate").Value) != 0.6667m
            || Figure(call.ResponseStream.Current.Scorecard, "follow_up_compliance").SampleSize != 3)
        {
            Assert.True(await call.ResponseStream.MoveNext(cancel.Token), "the stream ended before the scorecard showed the events");
        }
        Assert.Equal(Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow).Seconds, call.ResponseStream.Current.AsOf.Seconds, 10d);
    }

    [Fact]
    public async Task The_json_scorecard_watch_streams_server_sent_events_as_events_arrive()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromSeconds(30));
        using var http = new HttpClient { BaseAddress = stack.HttpAddress };
        using var response = await http.GetAsync("/api/scorecard/watch?from=2031-12-01T00:00:00Z&to=2032-01-01T00:00:00Z",
            HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));

        var first = await NextScorecardAsync(events, cancel.Token);
        Assert.Equal(JsonValueKind.Null, JsonFigure(first, "acceptance_rate").GetProperty("value").ValueKind);

        var story = new Story(new DateTimeOffset(2031, 12, 2, 9, 0, 0, TimeSpan.Zero));
        await stack.PublishAsync(story.Events());
        var update = first;
        while (JsonFigure(update, "acceptance_rate").GetProperty("value") is not { ValueKind: JsonValueKind.Number } rate || rate.GetDecimal() != 0.6667m
            || JsonFigure(update, "follow_up_compliance").GetProperty("sampleSize").GetInt64() != 3)
        {
            update = await NextScorecardAsync(events, cancel.Token);
        }

        using var bad = await http.GetAsync("/api/scorecard/watch?from=2031-12-01T00:00:00Z", cancel.Token);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    /// <summary>The scorecard of the stream's next "scorecard" event.</summary>
    private static async Task<JsonElement> NextScorecardAsync(StreamReader events, CancellationToken ct)
    {
        string? type = null;
        while (await events.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
                type = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && type == "scorecard")
                return JsonDocument.Parse(line["data: ".Length..]).RootElement.GetProperty("scorecard").Clone();
        }
        throw new InvalidOperationException("The event stream ended.");
    }

    private static JsonElement JsonFigure(JsonElement scorecard, string key) =>
        scorecard.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("key").GetString() == key);

    private static WhatIfScenario Scenario(decimal leads, decimal dealSize, params decimal[] rates)
    {
        var scenario = new WhatIfScenario { LeadsPerMonth = Value(leads), AverageDealSize = Value(dealSize) };
        scenario.StageConversionRates.AddRange(rates.Select(Value));
        return scenario;
    }
}
