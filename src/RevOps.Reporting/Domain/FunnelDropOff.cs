namespace RevOps.Reporting.Domain;

/// <summary>The funnel step that loses the largest share of its leads.</summary>
public sealed record FunnelDropOff(FunnelStage From, FunnelStage To, long Lost, decimal Conversion);
