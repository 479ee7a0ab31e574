namespace RevOps.Scoring.Domain;

/// <summary>One criterion's part of a score: the points earned (after decay), the most it could earn, and why.</summary>
public sealed record Contribution(string CriterionId, string Label, ContributionKind Kind, int Points, int MaxPoints, bool Matched, string Why);
