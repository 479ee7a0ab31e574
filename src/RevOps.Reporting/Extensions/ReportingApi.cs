using System.Globalization;
using RevOps.Reporting.Data;
using RevOps.Reporting.Domain;
using FieldViolation = RevOps.Grpc.FieldViolation;

namespace RevOps.Reporting.Extensions;

/// <summary>The page's JSON API, mirroring GetFunnel and GetScorecard: ?from=&amp;to=&amp;source=&amp;campaign=&amp;segment=&amp;team=&amp;owner=&amp;contractVersion=.</summary>
internal static class ReportingApi
{
    public static void MapReportingApi(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        var api = app.MapGroup("/api");
        api.MapGet("/funnel", (HttpRequest request, ReportQueries queries, CancellationToken ct) =>
            RespondAsync(request, queries, async report => await queries.FunnelAsync(report.Period, report.Filter, ct), ct));
        api.MapGet("/scorecard", (HttpRequest request, ReportQueries queries, CancellationToken ct) =>
            RespondAsync(request, queries, async report => await queries.ScorecardAsync(report.Period, report.Filter, ct), ct));
    }

    private static async Task<IResult> RespondAsync(
        HttpRequest request, ReportQueries queries, Func<ReportRequest, Task<object>> compute, CancellationToken ct)
    {
        var (report, violations) = await ParseAsync(request, queries, ct);
        if (report is not null)
            return Results.Ok(await compute(report));
        return Results.ValidationProblem(
            violations.GroupBy(v => v.Field).ToDictionary(g => g.Key, g => g.Select(v => v.Description).ToArray()),
            title: "The report request is invalid.");
    }

    private static async Task<(ReportRequest? Report, List<FieldViolation> Violations)> ParseAsync(
        HttpRequest request, ReportQueries queries, CancellationToken ct)
    {
        var names = ReportRequest.ReportFieldNames.Query;
        var violations = new List<FieldViolation>();
        var query = request.Query;
        var from = Time(query, names.From, violations);
        var to = Time(query, names.To, violations);
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
            return (null, violations);
        foreach (var (column, value) in await queries.UnknownFilterValuesAsync(report.Filter, ct))
            violations.Add(new(names.ForColumn(column), $"no lead has the value '{value}'"));
        return (violations.Count > 0 ? null : report, violations);
    }

    private static string? Value(IQueryCollection query, string name) => query.TryGetValue(name, out var values) ? values.ToString() : null;

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
