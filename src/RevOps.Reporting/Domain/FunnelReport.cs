namespace RevOps.Reporting.Domain;

/// <summary>The leads captured in a period and how far they got.</summary>
public sealed record FunnelReport(ReportPeriod Period, IReadOnlyList<FunnelStageCount> Stages, FunnelDropOff? BiggestDropOff);
