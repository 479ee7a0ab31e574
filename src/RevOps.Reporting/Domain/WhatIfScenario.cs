namespace RevOps.Reporting.Domain;

/// <summary>A month of funnel: leads in, each stage's conversion (a fraction from 0 to 1), and the average deal size.</summary>
public sealed record WhatIfScenario(decimal LeadsPerMonth, IReadOnlyList<decimal> StageConversionRates, decimal AverageDealSize);
