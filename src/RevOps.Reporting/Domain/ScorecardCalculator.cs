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
    /// <summary>How many breaches a scorecard lists (the latest); the breach figures count them all.</summary>
    public const int BreachesListed = 100;

    /// <param name="asOf">Now, for a running period: first-touch clocks due later are not judged yet. Defaults to the period's end.</param>
    public static Scorecard Compute(
        IEnumerable<LeadFact> leads, IEnumerable<BreachFact> breaches, ReportPeriod period, LeadFilter filter,
        ScorecardTargets targets, DateTimeOffset? asOf = null) =>
        Compute(Tally(leads, breaches, period, filter, asOf), period, targets);

    /// <summary>The period's counts over a list of facts: the specification <see cref="FactColumns.Tally"/> follows over its columns.</summary>
    public static ScorecardTally Tally(
        IEnumerable<LeadFact> leads, IEnumerable<BreachFact> breaches, ReportPeriod period, LeadFilter filter, DateTimeOffset? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(leads);
        ArgumentNullException.ThrowIfNull(breaches);
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(filter);
        var now = asOf ?? period.To;

        // Breaches follow the filter through their lead; without a filter every breach counts, so no lookup is needed.
        var matching = filter.IsEmpty ? null : new HashSet<Guid>();
        var t = new TallyCounter();
        var revenue = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var rejectionReasons = new Dictionary<string, long>(StringComparer.Ordinal);

        foreach (var lead in leads)
        {
            if (!filter.Matches(lead))
                continue;
            matching?.Add(lead.LeadId);

            if (period.Contains(lead.DispositionAt))
            {
                t.Dispositioned++;
                if (lead.Disposition == Disposition.Accepted)
                    t.Accepted++;
            }
            if (period.Contains(lead.RejectedAt) && lead.RejectionReason is { } reason)
                rejectionReasons[reason] = rejectionReasons.GetValueOrDefault(reason) + 1;

            if (period.Contains(lead.FirstTouchDueAt))
            {
                var due = lead.FirstTouchDueAt!.Value;
                if (lead.FirstTouchAt is not null || lead.FirstTouchBreachedAt is not null || due <= now)
                {
                    t.ComplianceDecided++;
                    if (lead.FirstTouchAt <= due && lead.FirstTouchBreachedAt is null)
                        t.Compliant++;
                }
            }

            if (period.Contains(lead.MqlAt))
            {
                t.Mqls++;
                if (lead.OpportunityAt is not null)
                    t.MqlsToOpportunity++;
                if (lead.IcpFit == true)
                    t.IcpMqls++;
            }

            if (period.Contains(lead.OpportunityAt) && lead.MarketingSourced is { } marketingSourced)
            {
                if (marketingSourced)
                    t.MarketingOpportunities++;
                else
                    t.SalesOpportunities++;
            }

            if (period.Contains(lead.FirstTouchAt) && lead.AssignedAt is { } assignedAt && lead.FirstTouchAt >= assignedAt)
                t.SpeedTicks.Add((lead.FirstTouchAt.Value - assignedAt).Ticks);

            if (period.Contains(lead.ClosedAt) && lead.MqlAt is { } mqlAt && lead.ClosedAt >= mqlAt)
            {
                t.Cycles++;
                t.CycleTicks += (lead.ClosedAt.Value - mqlAt).Ticks;
            }

            if (lead is { Outcome: OpportunityOutcome.Won, MarketingInfluenced: true, Amount: { } amount, Currency: { } currency }
                && period.Contains(lead.WonAt))
            {
                t.InfluencedDeals++;
                revenue[currency] = revenue.GetValueOrDefault(currency) + amount;
            }
        }

        return t.Finish(rejectionReasons, revenue,
            breaches.Where(b => period.Contains(b.BreachedAt) && (matching is null || matching.Contains(b.LeadId))));
    }

    /// <summary>The scorecard from a period's tally: each figure judged against its target, lists in a stable order.</summary>
    public static Scorecard Compute(ScorecardTally tally, ReportPeriod period, ScorecardTargets targets)
    {
        ArgumentNullException.ThrowIfNull(tally);
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(targets);
        var opportunities = tally.MarketingOpportunities + tally.SalesOpportunities;
        var sourceMix = new SourceMix(tally.MarketingOpportunities, tally.SalesOpportunities, Stats.Rate(tally.MarketingOpportunities, opportunities));
        var reportingRevenue = tally.InfluencedRevenue.GetValueOrDefault(targets.ReportingCurrency);

        ScorecardFigure Figure(string key, string label, decimal? value, FigureUnit unit, long sample, string? currency = null) =>
            ScorecardFigure.Judge(key, label, value, unit, sample, targets.For(key), period, currency);

        var figures = new List<ScorecardFigure>
        {
            Figure(FigureKeys.AcceptanceRate, "Lead acceptance rate", Stats.Rate(tally.Accepted, tally.Dispositioned), FigureUnit.Ratio, tally.Dispositioned),
            Figure(FigureKeys.FollowUpCompliance, "Follow-up compliance (first touch within SLA)",
                Stats.Rate(tally.Compliant, tally.ComplianceDecided), FigureUnit.Ratio, tally.ComplianceDecided),
            Figure(FigureKeys.MqlToOpportunityRate, "MQL → opportunity rate", Stats.Rate(tally.MqlsToOpportunity, tally.Mqls), FigureUnit.Ratio, tally.Mqls),
            Figure(FigureKeys.MarketingSourcedShare, "Pipeline sourced by marketing", sourceMix.MarketingShare, FigureUnit.Ratio, opportunities),
            Figure(FigureKeys.SpeedToFirstTouchP50, "Speed to first touch, p50",
                Minutes(tally.SpeedP50), FigureUnit.Minutes, tally.Speeds),
            Figure(FigureKeys.SpeedToFirstTouchP90, "Speed to first touch, p90",
                Minutes(tally.SpeedP90), FigureUnit.Minutes, tally.Speeds),
            Figure(FigureKeys.SlaBreaches, "SLA breaches", tally.Breaches, FigureUnit.Count, tally.Breaches),
            Figure(FigureKeys.UnannotatedBreaches, "Breaches without a reason", tally.UnannotatedBreaches, FigureUnit.Count, tally.Breaches),
            Figure(FigureKeys.CycleLength, "Cycle length MQL → close (mean)",
                tally.Cycles == 0 ? null : Stats.Round(tally.CycleTicks / tally.Cycles / TimeSpan.TicksPerDay, 1), FigureUnit.Days, tally.Cycles),
            Figure(FigureKeys.MarketingInfluencedRevenue, "Marketing-influenced revenue (won)",
                tally.InfluencedDeals == 0 ? null : reportingRevenue, FigureUnit.Money, tally.InfluencedDeals, targets.ReportingCurrency),
            Figure(FigureKeys.IcpMqls, "ICP-fit MQLs delivered vs committed", tally.Mqls == 0 && targets.For(FigureKeys.IcpMqls) is null ? null : tally.IcpMqls,
                FigureUnit.Count, tally.Mqls),
        };

        var rejected = tally.RejectionReasons.Values.Sum();
        var reasons = tally.RejectionReasons
            .OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new ReasonCount(r.Key, r.Value, Stats.Rate(r.Value, rejected)!.Value))
            .ToList();
        var byClause = tally.BreachesByClause
            .OrderByDescending(c => c.Count).ThenBy(c => c.ClauseId, StringComparer.Ordinal)
            .ToList();
        var revenue = tally.InfluencedRevenue
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new MoneyAmount(r.Key, r.Value))
            .ToList();

        return new Scorecard(period, figures, sourceMix, tally.LatestBreaches, byClause, reasons, revenue);
    }

    private static decimal? Minutes(TimeSpan? span) => span is { } s ? Stats.Round(Stats.Minutes(s), 1) : null;
}
