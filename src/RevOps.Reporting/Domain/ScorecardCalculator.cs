using RevOps.Contracts.Events;
using RevOps.Reporting.Domain.Internal;

namespace RevOps.Reporting.Domain;

/// <summary>
/// The scorecard. Each figure picks its leads by the time of the stage it measures: acceptance by disposition time,
/// compliance by first-touch due time, MQL → opportunity and ICP-fit MQLs by MQL time, source mix by opportunity
/// time, speed by first-touch time, cycle length by close time, revenue by won time, breaches by breach time.
/// </summary>
public static class ScorecardCalculator
{
    /// <param name="asOf">Now, for a running period: first-touch clocks due later are not judged yet. Defaults to the period's end.</param>
    public static Scorecard Compute(
        IEnumerable<LeadFact> leads, IEnumerable<BreachFact> breaches, ReportPeriod period, LeadFilter filter,
        ScorecardTargets targets, DateTimeOffset? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(leads);
        ArgumentNullException.ThrowIfNull(breaches);
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(targets);
        var now = asOf ?? period.To;

        // Breaches follow the filter through their lead; without a filter every breach counts, so no lookup is needed.
        var matching = filter.IsEmpty ? null : new HashSet<Guid>();
        long dispositioned = 0, accepted = 0, complianceDecided = 0, compliant = 0, mqls = 0, mqlsToOpportunity = 0, icpMqls = 0;
        long marketingOpportunities = 0, salesOpportunities = 0;
        var speedTicks = new List<long>();
        var cycleDays = new List<decimal>();
        var revenue = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        long influencedDeals = 0;
        var rejectionReasons = new Dictionary<string, long>(StringComparer.Ordinal);

        foreach (var lead in leads)
        {
            if (!filter.Matches(lead))
                continue;
            matching?.Add(lead.LeadId);

            if (period.Contains(lead.DispositionAt))
            {
                dispositioned++;
                if (lead.Disposition == Disposition.Accepted)
                    accepted++;
            }
            if (period.Contains(lead.RejectedAt) && lead.RejectionReason is { } reason)
                rejectionReasons[reason] = rejectionReasons.GetValueOrDefault(reason) + 1;

            if (period.Contains(lead.FirstTouchDueAt))
            {
                var due = lead.FirstTouchDueAt!.Value;
                if (lead.FirstTouchAt is not null || lead.FirstTouchBreachedAt is not null || due <= now)
                {
                    complianceDecided++;
                    if (lead.FirstTouchAt <= due && lead.FirstTouchBreachedAt is null)
                        compliant++;
                }
            }

            if (period.Contains(lead.MqlAt))
            {
                mqls++;
                if (lead.OpportunityAt is not null)
                    mqlsToOpportunity++;
                if (lead.IcpFit == true)
                    icpMqls++;
            }

            if (period.Contains(lead.OpportunityAt) && lead.MarketingSourced is { } marketingSourced)
            {
                if (marketingSourced)
                    marketingOpportunities++;
                else
                    salesOpportunities++;
            }

            if (period.Contains(lead.FirstTouchAt) && lead.AssignedAt is { } assignedAt && lead.FirstTouchAt >= assignedAt)
                speedTicks.Add((lead.FirstTouchAt.Value - assignedAt).Ticks);

            if (period.Contains(lead.ClosedAt) && lead.MqlAt is { } mqlAt && lead.ClosedAt >= mqlAt)
                cycleDays.Add(Stats.Days(lead.ClosedAt.Value - mqlAt));

            if (lead is { Outcome: OpportunityOutcome.Won, MarketingInfluenced: true, Amount: { } amount, Currency: { } currency }
                && period.Contains(lead.WonAt))
            {
                influencedDeals++;
                revenue[currency] = revenue.GetValueOrDefault(currency) + amount;
            }
        }

        var periodBreaches = breaches
            .Where(b => period.Contains(b.BreachedAt) && (matching is null || matching.Contains(b.LeadId)))
            .OrderBy(b => b.BreachedAt).ThenBy(b => b.BreachId)
            .ToList();
        var unannotated = periodBreaches.LongCount(b => b.IsUnannotated);

        speedTicks.Sort();
        var speeds = new MinutesView(speedTicks);
        var opportunities = marketingOpportunities + salesOpportunities;
        var sourceMix = new SourceMix(marketingOpportunities, salesOpportunities, Stats.Rate(marketingOpportunities, opportunities));
        var reportingRevenue = revenue.GetValueOrDefault(targets.ReportingCurrency);

        ScorecardFigure Figure(string key, string label, decimal? value, FigureUnit unit, long sample, string? currency = null) =>
            ScorecardFigure.Judge(key, label, value, unit, sample, targets.For(key), period, currency);

        var figures = new List<ScorecardFigure>
        {
            Figure(FigureKeys.AcceptanceRate, "Lead acceptance rate", Stats.Rate(accepted, dispositioned), FigureUnit.Ratio, dispositioned),
            Figure(FigureKeys.FollowUpCompliance, "Follow-up compliance (first touch within SLA)",
                Stats.Rate(compliant, complianceDecided), FigureUnit.Ratio, complianceDecided),
            Figure(FigureKeys.MqlToOpportunityRate, "MQL → opportunity rate", Stats.Rate(mqlsToOpportunity, mqls), FigureUnit.Ratio, mqls),
            Figure(FigureKeys.MarketingSourcedShare, "Pipeline sourced by marketing", sourceMix.MarketingShare, FigureUnit.Ratio, opportunities),
            Figure(FigureKeys.SpeedToFirstTouchP50, "Speed to first touch, p50",
                Rounded(Stats.Percentile(speeds, 0.5m), 1), FigureUnit.Minutes, speeds.Count),
            Figure(FigureKeys.SpeedToFirstTouchP90, "Speed to first touch, p90",
                Rounded(Stats.Percentile(speeds, 0.9m), 1), FigureUnit.Minutes, speeds.Count),
            Figure(FigureKeys.SlaBreaches, "SLA breaches", periodBreaches.Count, FigureUnit.Count, periodBreaches.Count),
            Figure(FigureKeys.UnannotatedBreaches, "Breaches without a reason", unannotated, FigureUnit.Count, periodBreaches.Count),
            Figure(FigureKeys.CycleLength, "Cycle length MQL → close (mean)",
                cycleDays.Count == 0 ? null : Stats.Round(cycleDays.Sum() / cycleDays.Count, 1), FigureUnit.Days, cycleDays.Count),
            Figure(FigureKeys.MarketingInfluencedRevenue, "Marketing-influenced revenue (won)",
                influencedDeals == 0 ? null : reportingRevenue, FigureUnit.Money, influencedDeals, targets.ReportingCurrency),
            Figure(FigureKeys.IcpMqls, "ICP-fit MQLs delivered vs committed", mqls == 0 && targets.For(FigureKeys.IcpMqls) is null ? null : icpMqls,
                FigureUnit.Count, mqls),
        };

        var rejected = rejectionReasons.Values.Sum();
        var reasons = rejectionReasons
            .OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new ReasonCount(r.Key, r.Value, Stats.Rate(r.Value, rejected)!.Value))
            .ToList();
        var byClause = periodBreaches
            .GroupBy(b => b.ClauseId ?? "unknown", StringComparer.Ordinal)
            .Select(g => new ClauseBreaches(g.Key, g.LongCount(), g.LongCount(b => b.IsUnannotated)))
            .OrderByDescending(c => c.Count).ThenBy(c => c.ClauseId, StringComparer.Ordinal)
            .ToList();

        return new Scorecard(period, figures, sourceMix, periodBreaches, byClause, reasons,
            revenue.Select(r => new MoneyAmount(r.Key, r.Value)).ToList());
    }

    // Percentiles pick one element, so the sort runs on ticks and only the picked ones become decimal minutes.
    private sealed class MinutesView(List<long> ticks) : IReadOnlyList<decimal>
    {
        public decimal this[int index] => Stats.Minutes(TimeSpan.FromTicks(ticks[index]));
        public int Count => ticks.Count;
        public IEnumerator<decimal> GetEnumerator() => ticks.Select(t => Stats.Minutes(TimeSpan.FromTicks(t))).GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static decimal? Rounded(decimal? value, int decimals) => value is { } v ? Stats.Round(v, decimals) : null;
}
