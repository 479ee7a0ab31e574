using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using RevOps.Reporting.Data;
using RevOps.Reporting.Domain;
using FieldViolation = RevOps.Grpc.FieldViolation;

namespace RevOps.Reporting.Extensions;

/// <summary>
/// The page's JSON API, mirroring revops.v1.Reporting's calls with query strings. Filters on every report:
/// source, campaign, segment, team, owner, contractVersion.
/// <list type="bullet">
/// <item><c>/api/funnel</c>, <c>/api/scorecard</c>: ?from=&amp;to= (ISO 8601, [from, to)); <c>/api/scorecard/watch</c>, the same
/// as server-sent events that follow the events.</item>
/// <item><c>/api/review-sample</c>: ?week= (the Monday, 00:00 UTC).</item>
/// <item><c>/api/what-if</c>: ?leads=&amp;dealSize=&amp;baseline=0.5,0.3,0.2&amp;scenario=0.8,0.4,0.35, optionally scenarioLeads,
/// scenarioDealSize (the baseline's when absent) and currency (USD).</item>
/// </list>
/// Bad input gets 400 with a problem document naming each field.
/// </summary>
internal static class ReportingApi
{
    private const string Week = "week";

    public static void MapReportingApi(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        var api = app.MapGroup("/api");
        api.MapGet("/funnel", (HttpRequest request, ReportQueries queries, CancellationToken ct) =>
            RespondAsync(request, queries, report => queries.FunnelAsync(report.Period, report.Filter, ct), ct));
        api.MapGet("/scorecard", (HttpRequest request, ReportQueries queries, CancellationToken ct) =>
            RespondAsync(request, queries, report => queries.ScorecardAsync(report.Period, report.Filter, ct), ct));
        api.MapGet("/scorecard/watch", WatchAsync);
        api.MapGet("/review-sample", async (HttpRequest request, ReportQueries queries, CancellationToken ct) =>
        {
            var violations = new List<FieldViolation>();
            var monday = ReportRequest.ReviewWeek(Time(request.Query, Week, violations), Week, violations);
            // The pack reads its own two weeks; only the filter of a report request applies.
            var filter = await FilterAsync(request.Query, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1), queries, violations, ct);
            return violations.Count > 0 ? Problem(violations) : Results.Ok(await queries.ReviewPackAsync(monday!.Value, filter!.Filter, ct));
        });
        api.MapGet("/what-if", (HttpRequest request) =>
        {
            var query = request.Query;
            var violations = new List<FieldViolation>();
            var leads = Number(query, "leads", violations);
            var dealSize = Number(query, "dealSize", violations);
            var baseline = WhatIfQuestion.Scenario(leads, Rates(query, "baseline", violations), dealSize, Fields("leads", "dealSize", "baseline"), violations);
            // The scenario takes the baseline's leads and deal size unless it has its own; a bad one is then the baseline's field.
            var (scenarioLeadsField, scenarioLeads) = query.ContainsKey("scenarioLeads") ? ("scenarioLeads", Number(query, "scenarioLeads", violations)) : ("leads", leads);
            var (scenarioDealField, scenarioDeal) = query.ContainsKey("scenarioDealSize") ? ("scenarioDealSize", Number(query, "scenarioDealSize", violations)) : ("dealSize", dealSize);
            var scenario = WhatIfQuestion.Scenario(scenarioLeads, Rates(query, "scenario", violations), scenarioDeal,
                Fields(scenarioLeadsField, scenarioDealField, "scenario"), violations);
            var answer = WhatIfQuestion.Answer(baseline, scenario, Value(query, "currency"), "baseline", "currency", violations);
            if (answer is not var (comparison, currency))
                return Problem(violations);
            return Results.Ok(new { comparison.Baseline, comparison.Scenario, comparison.Multiple, Currency = currency });
        });
    }

    private static async Task<IResult> RespondAsync<T>(HttpRequest request, ReportQueries queries, Func<ReportRequest, Task<T>> compute, CancellationToken ct)
    {
        var violations = new List<FieldViolation>();
        var report = await ReportAsync(request.Query, queries, violations, ct);
        return report is null ? Problem(violations) : Results.Ok(await compute(report));
    }

    /// <summary>
    /// The scorecard as server-sent events: one "scorecard" event now, then one each time it changes, as WatchScorecard
    /// streams it over gRPC. Each event's data is {"asOf": ..., "scorecard": ...}, the scorecard as /api/scorecard gives it.
    /// </summary>
    private static async Task WatchAsync(HttpContext context, ReportQueries queries, ScorecardWatch watch, IOptions<JsonOptions> json)
    {
        var ct = context.RequestAborted;
        var violations = new List<FieldViolation>();
        if (await ReportAsync(context.Request.Query, queries, violations, ct) is not { } report)
        {
            await Problem(violations).ExecuteAsync(context);
            return;
        }
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        await watch.RunAsync(report, scorecard => JsonSerializer.Serialize(scorecard, json.Value.SerializerOptions), async (scorecard, asOf) =>
        {
            await context.Response.WriteAsync($"event: scorecard\ndata: {{\"asOf\":{JsonSerializer.Serialize(asOf)},\"scorecard\":{scorecard}}}\n\n", ct);
            await context.Response.Body.FlushAsync(ct);
        }, ct);
    }

    private static async Task<ReportRequest?> ReportAsync(IQueryCollection query, ReportQueries queries, List<FieldViolation> violations, CancellationToken ct)
    {
        var names = ReportRequest.ReportFieldNames.Query;
        var from = Time(query, names.From, violations);
        var to = Time(query, names.To, violations);
        return await FilterAsync(query, from, to, queries, violations, ct);
    }

    /// <summary>The report request, or null with violations added; a filter value no lead has is a violation too.</summary>
    private static async Task<ReportRequest?> FilterAsync(
        IQueryCollection query, DateTimeOffset? from, DateTimeOffset? to, ReportQueries queries, List<FieldViolation> violations, CancellationToken ct)
    {
        var names = ReportRequest.ReportFieldNames.Query;
        int? version = null;
        if (Value(query, names.ContractVersion) is { } rawVersion)
        {
            if (int.TryParse(rawVersion, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
                version = parsed;
            else
                violations.Add(new(names.ContractVersion, $"must be a whole number, got '{rawVersion}'"));
        }
        var filter = new ReportRequest.RawFilter(
            Value(query, names.Source), Value(query, names.Campaign), Value(query, names.Segment), Value(query, names.TeamId),
            Value(query, names.OwnerRepId), version);
        var report = ReportRequest.Create(from, to, filter, names, violations);
        if (report is null || violations.Count > 0)
            return null;
        foreach (var (column, value) in await queries.UnknownFilterValuesAsync(report.Filter, ct))
            violations.Add(new(names.ForColumn(column), $"no lead has the value '{value}'"));
        return violations.Count > 0 ? null : report;
    }

    private static IResult Problem(List<FieldViolation> violations) => Results.ValidationProblem(
        violations.GroupBy(v => v.Field).ToDictionary(g => g.Key, g => g.Select(v => v.Description).Distinct().ToArray()),
        title: "The report request is invalid.");

    private static WhatIfQuestion.ScenarioFields Fields(string leads, string dealSize, string rates) =>
        new(leads, rates, dealSize, i => $"{rates}[{i}]");

    private static string? Value(IQueryCollection query, string name) => query.TryGetValue(name, out var values) ? values.ToString() : null;

    private static decimal? Number(IQueryCollection query, string name, List<FieldViolation> violations)
    {
        if (Value(query, name) is not { } raw)
            return null;
        if (decimal.TryParse(raw, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
            return number;
        violations.Add(new(name, $"must be a number such as 500 or 0.35, got '{raw}'"));
        return null;
    }

    /// <summary>Comma-separated stage conversion rates; one that is not a number is named by its position.</summary>
    private static List<decimal> Rates(IQueryCollection query, string name, List<FieldViolation> violations)
    {
        var rates = new List<decimal>();
        var parts = Value(query, name) is { Length: > 0 } raw ? raw.Split(',') : [];
        for (var i = 0; i < parts.Length; i++)
        {
            if (decimal.TryParse(parts[i].Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var rate))
                rates.Add(rate);
            else
                violations.Add(new($"{name}[{i}]", $"must be a fraction such as 0.5, got '{parts[i]}'"));
        }
        return rates;
    }

    private static DateTimeOffset? Time(IQueryCollection query, string name, List<FieldViolation> violations)
    {
        if (Value(query, name) is not { } raw)
            return null;
        if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            return time;
        violations.Add(new(name, $"must be an ISO 8601 time such as 2026-11-01T00:00:00Z, got '{raw}'"));
        return null;
    }
}
