using Google.Protobuf.WellKnownTypes;
using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.Reporting.Data;
using RevOps.Reporting.Grpc.Internal;
using Domain = RevOps.Reporting.Domain;
using FieldViolation = RevOps.Grpc.FieldViolation;

namespace RevOps.Reporting.Grpc;

/// <summary>revops.v1.Reporting: funnel, scorecard, weekly review pack, what-if, and a scorecard stream that follows the events.</summary>
internal sealed class ReportingService(ReportQueries queries, ScorecardWatch watch)
{
    public async Task<Funnel> GetFunnel(GetFunnelRequest request, ServerCallContext context)
    {
        var report = await ValidateAsync(request.Period, request.Filter, context.CancellationToken);
        return ReportingMapping.ToProto(await queries.FunnelAsync(report.Period, report.Filter, context.CancellationToken));
    }

    public async Task<Scorecard> GetScorecard(GetScorecardRequest request, ServerCallContext context)
    {
        var report = await ValidateAsync(request.Period, request.Filter, context.CancellationToken);
        return ReportingMapping.ToProto(await queries.ScorecardAsync(report.Period, report.Filter, context.CancellationToken));
    }

    public async Task<ReviewPack> GetReviewSample(GetReviewSampleRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var monday = Domain.ReportRequest.ReviewWeek(request.WeekStart?.ToDateTimeOffset(), "week_start", violations);
        var filter = Domain.ReportRequest.Create(
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1), ReportingMapping.ToRawFilter(request.Filter),
            Domain.ReportRequest.ReportFieldNames.Grpc, violations)?.Filter;
        RpcExceptions.ThrowIfAny(violations);
        await ThrowIfUnknownAsync(filter!, context.CancellationToken);
        return ReportingMapping.ToProto(await queries.ReviewPackAsync(monday!.Value, filter!, context.CancellationToken));
    }

    public Task<WhatIfResponse> WhatIf(WhatIfRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var baseline = Scenario(request.Baseline, "baseline", violations);
        var scenario = Scenario(request.Scenario, "scenario", violations);
        var answer = Domain.WhatIfQuestion.Answer(baseline, scenario, request.CurrencyCode, "baseline", "currency_code", violations);
        RpcExceptions.ThrowIfAny(violations);

        var (comparison, currency) = answer!.Value;
        return Task.FromResult(new WhatIfResponse
        {
            Baseline = ReportingMapping.ToProto(comparison.Baseline, currency),
            Scenario = ReportingMapping.ToProto(comparison.Scenario, currency),
            Multiple = ReportingMapping.ToProto(comparison.Multiple),
        });
    }

    public async Task WatchScorecard(GetScorecardRequest request, IServerStreamWriter<ScorecardUpdate> responseStream, ServerCallContext context)
    {
        var report = await ValidateAsync(request.Period, request.Filter, context.CancellationToken);
        await watch.RunAsync(report, ReportingMapping.ToProto, (scorecard, asOf) =>
            responseStream.WriteAsync(new ScorecardUpdate { Scorecard = scorecard, AsOf = Timestamp.FromDateTimeOffset(asOf) }, context.CancellationToken),
            context.CancellationToken);
    }

    private async Task<Domain.ReportRequest> ValidateAsync(Period? period, ReportFilter? filter, CancellationToken cancellationToken)
    {
        var violations = new List<FieldViolation>();
        if (period is null)
            violations.Add(new("period", "is required: from (inclusive) and to (exclusive), in UTC"));
        var report = Domain.ReportRequest.Create(
            ReportingMapping.ToTime(period?.From), ReportingMapping.ToTime(period?.To), ReportingMapping.ToRawFilter(filter),
            Domain.ReportRequest.ReportFieldNames.Grpc, violations);
        RpcExceptions.ThrowIfAny(violations);
        await ThrowIfUnknownAsync(report!.Filter, cancellationToken);
        return report;
    }

    private async Task ThrowIfUnknownAsync(Domain.LeadFilter filter, CancellationToken cancellationToken)
    {
        var unknown = await queries.UnknownFilterValuesAsync(filter, cancellationToken);
        RpcExceptions.ThrowIfAny(unknown
            .Select(u => new FieldViolation(Domain.ReportRequest.ReportFieldNames.Grpc.ForColumn(u.Column), $"no lead has the value '{u.Value}'"))
            .ToList());
    }

    private static Domain.WhatIfScenario? Scenario(WhatIfScenario? scenario, string field, List<FieldViolation> violations)
    {
        if (scenario is null)
        {
            violations.Add(new(field, "is required: leads per month, stage conversion rates and average deal size"));
            return null;
        }
        var fields = new Domain.WhatIfQuestion.ScenarioFields($"{field}.leads_per_month", $"{field}.stage_conversion_rates",
            $"{field}.average_deal_size", i => $"{field}.stage_conversion_rates[{i}]");
        return Domain.WhatIfQuestion.Scenario(ReportingMapping.ToDecimal(scenario.LeadsPerMonth),
            [.. scenario.StageConversionRates.Select(r => ReportingMapping.ToDecimal(r)!.Value)], ReportingMapping.ToDecimal(scenario.AverageDealSize),
            fields, violations);
    }
}
