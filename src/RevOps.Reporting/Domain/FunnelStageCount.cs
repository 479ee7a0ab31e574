namespace RevOps.Reporting.Domain;

/// <summary>How many leads of the cohort reached a stage, and the share of the previous stage's leads that did.</summary>
public sealed record FunnelStageCount(FunnelStage Stage, long Count, decimal? ConversionFromPrevious);
