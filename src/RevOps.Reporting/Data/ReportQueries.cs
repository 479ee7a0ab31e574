using RevOps.Reporting.Domain;

namespace RevOps.Reporting.Data;

/// <summary>The reports the gRPC API and the page serve: funnel and scorecard from the facts in memory, the review pack's leads found there and read whole from the table.</summary>
public sealed class ReportQueries(LeadFactStore store, FactMirror facts, ActiveContract contract, TimeProvider clock)
{
    public async Task<FunnelReport> FunnelAsync(ReportPeriod period, LeadFilter filter, CancellationToken cancellationToken) =>
        FunnelCalculator.Compute((await facts.CurrentAsync(cancellationToken)).FunnelCounts(period, filter), period);

    public async Task<Scorecard> ScorecardAsync(ReportPeriod period, LeadFilter filter, CancellationToken cancellationToken)
    {
        var columns = await facts.CurrentAsync(cancellationToken);
        // A running period judges only the clocks already due.
        var now = clock.GetUtcNow();
        return ScorecardCalculator.Compute(columns.Tally(period, filter, now < period.To ? now : period.To), period, contract.Targets);
    }

    public async Task<ReviewPack> ReviewPackAsync(DateOnly weekStart, LeadFilter filter, CancellationToken cancellationToken)
    {
        // The pack compares against the previous week, so it reads both.
        var span = new ReportPeriod(ReportPeriod.Week(weekStart.AddDays(-7)).From, ReportPeriod.Week(weekStart).To);
        var columns = await facts.CurrentAsync(cancellationToken);
        var leads = await store.ListLeadsAsync(columns.LeadIdsIn(span, filter), cancellationToken).ToListAsync(cancellationToken);
        var breaches = await store.ListBreachesAsync(span.From, span.To, cancellationToken).ToListAsync(cancellationToken);
        return ReviewSampler.Build(leads, breaches, weekStart, filter, contract.Targets);
    }

    /// <summary>The filter fields whose value no lead fact carries, e.g. ("source", "webinar"): a typo, not an empty report.</summary>
    public async Task<IReadOnlyList<(string Column, string Value)>> UnknownFilterValuesAsync(LeadFilter filter, CancellationToken cancellationToken) =>
        filter.IsEmpty ? [] : (await facts.CurrentAsync(cancellationToken)).UnknownFilterValues(filter);
}
