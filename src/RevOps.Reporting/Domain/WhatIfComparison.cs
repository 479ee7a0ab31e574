namespace RevOps.Reporting.Domain;

/// <summary>Two scenarios side by side; Multiple is scenario revenue over baseline revenue, to one decimal.</summary>
public sealed record WhatIfComparison(WhatIfResult Baseline, WhatIfResult Scenario, decimal Multiple);
