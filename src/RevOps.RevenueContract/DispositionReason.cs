namespace RevOps.RevenueContract;

/// <summary>A reason sales may give when rejecting a lead, e.g. "no_fit".</summary>
public sealed record DispositionReason(string Id, string Label);
