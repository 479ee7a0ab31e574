namespace RevOps.Reporting.Domain.Internal;

/// <summary>
/// What a scorecard tally counts as it goes over a period's leads; both tallies, over facts
/// (<see cref="ScorecardCalculator.Tally"/>) and over columns (<see cref="FactColumns.Tally"/>), end in <see cref="Finish"/>.
/// </summary>
internal sealed class TallyCounter
{
    public long Dispositioned, Accepted, ComplianceDecided, Compliant, Mqls, MqlsToOpportunity, IcpMqls;
    public long MarketingOpportunities, SalesOpportunities, Cycles, InfluencedDeals;

    /// <summary>MQL → close, summed in ticks (a long overflows past ~30,000 years of cycles).</summary>
    public Int128 CycleTicks;

    /// <summary>Assignment → first touch, in ticks, in any order.</summary>
    public List<long> SpeedTicks { get; } = [];

    /// <summary>The tally, with the speed percentiles and the breach figures from the period's breaches in any order.</summary>
    public ScorecardTally Finish(
        IReadOnlyDictionary<string, long> rejectionReasons, IReadOnlyDictionary<string, decimal> influencedRevenue, IEnumerable<BreachFact> periodBreaches)
    {
        SpeedTicks.Sort();
        var breaches = periodBreaches.OrderBy(b => b.BreachedAt).ThenBy(b => b.BreachId).ToList();
        return new ScorecardTally
        {
            Dispositioned = Dispositioned,
            Accepted = Accepted,
            ComplianceDecided = ComplianceDecided,
            Compliant = Compliant,
            Mqls = Mqls,
            MqlsToOpportunity = MqlsToOpportunity,
            IcpMqls = IcpMqls,
            MarketingOpportunities = MarketingOpportunities,
            SalesOpportunities = SalesOpportunities,
            Speeds = SpeedTicks.Count,
            SpeedP50 = Stats.Percentile(SpeedTicks, 0.5m) is { } p50 ? TimeSpan.FromTicks(p50) : null,
            SpeedP90 = Stats.Percentile(SpeedTicks, 0.9m) is { } p90 ? TimeSpan.FromTicks(p90) : null,
            Cycles = Cycles,
            CycleTicks = (decimal)CycleTicks,
            InfluencedRevenue = influencedRevenue,
            InfluencedDeals = InfluencedDeals,
            RejectionReasons = rejectionReasons,
            Breaches = breaches.Count,
            UnannotatedBreaches = breaches.LongCount(b => b.IsUnannotated),
            BreachesByClause = breaches
                .GroupBy(b => b.ClauseId ?? "unknown", StringComparer.Ordinal)
                .Select(g => new ClauseBreaches(g.Key, g.LongCount(), g.LongCount(b => b.IsUnannotated)))
                .ToList(),
            LatestBreaches = breaches.TakeLast(ScorecardCalculator.BreachesListed).ToList(),
        };
    }
}
