namespace RevOps.Reporting.Domain;

/// <summary>Pipeline opportunities by who sourced the lead.</summary>
public sealed record SourceMix(long MarketingSourced, long SalesSourced, decimal? MarketingShare);
