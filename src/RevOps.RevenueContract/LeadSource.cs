namespace RevOps.RevenueContract;

/// <summary>A declared lead source and the team it counts for.</summary>
public sealed record LeadSource(string Id, SourceOwner Owner);
