namespace RevOps.Reporting.Domain;

/// <summary>The weekly review: a sample of leads to walk through together and the figures that moved most.</summary>
public sealed record ReviewPack(ReportPeriod Week, IReadOnlyList<ReviewLead> Leads, IReadOnlyList<ReviewChange> LargestChanges);
