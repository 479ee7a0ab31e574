namespace RevOps.Reporting.Domain;

/// <summary>What one event contributes: a partial lead fact and, for breaches and escalations, a partial breach fact.</summary>
public sealed record EventProjection(LeadFact? Lead, BreachFact? Breach);
