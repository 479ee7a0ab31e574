namespace RevOps.Reporting.Domain;

/// <summary>The shared numbers for a period, each figure with its target and met/missed.</summary>
public sealed record Scorecard(
    ReportPeriod Period,
    IReadOnlyList<ScorecardFigure> Figures,
    SourceMix SourceMix,
    IReadOnlyList<BreachFact> Breaches,
    IReadOnlyList<ClauseBreaches> BreachesByClause,
    IReadOnlyList<ReasonCount> RejectionReasons,
    IReadOnlyList<MoneyAmount> MarketingInfluencedRevenue)
{
    public ScorecardFigure Figure(string key) =>
        Figures.FirstOrDefault(f => string.Equals(f.Key, key, StringComparison.Ordinal))
        ?? throw new KeyNotFoundException($"The scorecard has no figure '{key}'.");
}
