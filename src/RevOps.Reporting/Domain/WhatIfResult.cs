namespace RevOps.Reporting.Domain;

/// <summary>The volume after each stage, the deals (the last volume) and the revenue they bring each month.</summary>
public sealed record WhatIfResult(IReadOnlyList<decimal> StageVolumes, decimal DealsPerMonth, decimal RevenuePerMonth);
