namespace RevOps.Scoring.Domain;

/// <summary>How leads that matched one criterion fared with sales.</summary>
public sealed record CriterionPerformance(
    string CriterionId, string Label, ContributionKind Kind, int Points, int Dispositioned,
    double AcceptanceRate, double ConversionRate, double FitRejectionRate);
