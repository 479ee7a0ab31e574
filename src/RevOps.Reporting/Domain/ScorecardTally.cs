namespace RevOps.Reporting.Domain;

/// <summary>
/// What the scorecard is judged from: the counts, sums and percentiles over a period's facts, taken either in memory
/// (<see cref="ScorecardCalculator.Tally"/>) or over the columns the service keeps (<see cref="FactColumns.Tally"/>); both must agree exactly.
/// </summary>
public sealed record ScorecardTally
{
    public long Dispositioned { get; init; }
    public long Accepted { get; init; }
    public long ComplianceDecided { get; init; }
    public long Compliant { get; init; }
    public long Mqls { get; init; }
    public long MqlsToOpportunity { get; init; }
    public long IcpMqls { get; init; }
    public long MarketingOpportunities { get; init; }
    public long SalesOpportunities { get; init; }

    /// <summary>Assignment → first touch: how many, and the nearest-rank p50 and p90.</summary>
    public long Speeds { get; init; }
    public TimeSpan? SpeedP50 { get; init; }
    public TimeSpan? SpeedP90 { get; init; }

    /// <summary>MQL → close: how many, and their total length in ticks (a decimal: a long overflows past ~100,000 years).</summary>
    public long Cycles { get; init; }
    public decimal CycleTicks { get; init; }

    /// <summary>Won amounts of marketing-influenced leads by currency, and how many deals they add up.</summary>
    public IReadOnlyDictionary<string, decimal> InfluencedRevenue { get; init; } = new Dictionary<string, decimal>();
    public long InfluencedDeals { get; init; }

    public IReadOnlyDictionary<string, long> RejectionReasons { get; init; } = new Dictionary<string, long>();

    public long Breaches { get; init; }
    public long UnannotatedBreaches { get; init; }

    /// <summary>Breaches per clause (a missing clause as "unknown"), in no particular order.</summary>
    public IReadOnlyList<ClauseBreaches> BreachesByClause { get; init; } = [];

    /// <summary>The period's latest breaches (at most <see cref="ScorecardCalculator.BreachesListed"/>), oldest first.</summary>
    public IReadOnlyList<BreachFact> LatestBreaches { get; init; } = [];
}
