namespace RevOps.Scoring.Domain;

/// <summary>A proposed change to one criterion's points, with the evidence behind it.</summary>
public sealed record PointAdjustment(string CriterionId, int OldPoints, int NewPoints, string Reason);
