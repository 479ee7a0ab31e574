namespace RevOps.RevenueContract;

/// <summary>Both sides' commitments, judged by the scorecard.</summary>
public sealed record Commitments(MarketingCommitment Marketing, SalesCommitment Sales);
