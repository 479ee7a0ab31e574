using Google.Protobuf.WellKnownTypes;
using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.Reporting.Data;
using RevOps.Reporting.Grpc.Internal;
using Domain = RevOps.Reporting.Domain;
using FieldViolation = RevOps.Grpc.FieldViolation;

namespace RevOps.Reporting.Grpc;

/// <summary>revops.v1.Reporting: funnel, scorecard, weekly review pack, what-if, and a scorecard stream that follows the events.</summary>
internal sealed class ReportingService(ReportQueries queries, FactsChanged factsChanged, TimeProvider clock)
{
    /// <summary>Without any event, a watcher still gets a fresh scorecard this often (a running period's clocks fall due).</summary>
    private static readonly TimeSpan WatchRefresh = TimeSpan.FromSeconds(30);

    /// <summary>A burst of events yields one update per interval, not one per event.</summary>
    private static readonly TimeSpan WatchMinInterval = TimeSpan.FromMilliseconds(200);

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
        DateOnly? monday = null;
        if (request.WeekStart is null)
        {
            violations.Add(new("week_start", "is required: Monday 00:00 UTC of the week to review"));
        }
        else
        {
            var start = request.WeekStart.ToDateTimeOffset();
            if (start.DayOfWeek != DayOfWeek.Monday || start.TimeOfDay != TimeSpan.Zero)
                violations.Add(new("week_start", $"must be a Monday at 00:00 UTC, got {start:O} ({start.DayOfWeek})"));
            else
                monday = DateOnly.FromDateTime(start.UtcDateTime);
        }
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
        var currency = request.CurrencyCode.Length == 0 ? "USD" : request.CurrencyCode;
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
            violations.Add(new("currency_code", $"must be an ISO 4217 code such as USD, got '{request.CurrencyCode}'"));
        if (baseline is not null && violations.Count == 0 && Domain.WhatIfCalculator.Evaluate(baseline).RevenuePerMonth == 0)
            violations.Add(new("baseline", "brings no revenue, so no multiple can be taken against it"));
        RpcExceptions.ThrowIfAny(violations);

        var comparison = Domain.WhatIfCalculator.Compare(baseline!, scenario!);
        return Task.FromResult(new WhatIfResponse
        {
            Baseline = ReportingMapping.ToProto(comparison.Baseline, currency),
            Scenario = ReportingMapping.ToProto(comparison.Scenario, currency),
            Multiple = ReportingMapping.ToProto(comparison.Multiple),
        });
    }

    public async Task WatchScorecard(GetScorecardRequest request, IServerStreamWriter<ScorecardUpdate> responseStream, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var report = await ValidateAsync(request.Period, request.Filter, ct);
        Scorecard? sent = null;
        while (!ct.IsCancellationRequested)
        {
            // Taken before reading, so a change committed while we compute wakes the next round.
            var changed = factsChanged.Next;
            var scorecard = ReportingMapping.ToProto(await queries.ScorecardAsync(report.Period, report.Filter, ct));
            if (!scorecard.Equals(sent))
            {
                await responseStream.WriteAsync(new ScorecardUpdate { Scorecard = scorecard, AsOf = Timestamp.FromDateTimeOffset(clock.GetUtcNow()) }, ct);
                sent = scorecard;
            }
            try
            {
                await changed.WaitAsync(WatchRefresh, clock, ct);
                await Task.Delay(WatchMinInterval, clock, ct);
            }
            catch (TimeoutException)
            {
                // No event for a while: recompute anyway.
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
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
        var before = violations.Count;
        var leads = ReportingMapping.ToDecimal(scenario.LeadsPerMonth);
        if (leads is null or < 0)
            violations.Add(new($"{field}.leads_per_month", "is required and must be 0 or more"));
        if (scenario.StageConversionRates.Count == 0)
            violations.Add(new($"{field}.stage_conversion_rates", "give at least one rate, e.g. 0.5 for lead → meeting"));
        var rates = new List<decimal>();
        for (var i = 0; i < scenario.StageConversionRates.Count; i++)
        {
            var rate = ReportingMapping.ToDecimal(scenario.StageConversionRates[i])!.Value;
            if (rate is < 0 or > 1)
                violations.Add(new($"{field}.stage_conversion_rates[{i}]", $"must be a fraction between 0 and 1 (write 50% as 0.5), got {rate}"));
            rates.Add(rate);
        }
        var dealSize = ReportingMapping.ToDecimal(scenario.AverageDealSize);
        if (dealSize is null or < 0)
            violations.Add(new($"{field}.average_deal_size", "is required and must be 0 or more"));
        return violations.Count > before ? null : new Domain.WhatIfScenario(leads!.Value, rates, dealSize!.Value);
    }
}
