namespace RevOps.RevenueContract;

/// <summary>What marketing commits to deliver.</summary>
public sealed record MarketingCommitment(int IcpFitMqlsPerMonth);
