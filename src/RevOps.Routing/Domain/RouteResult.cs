namespace RevOps.Routing.Domain;

/// <summary>A routing decision and what recording it did (the LeadAssigned event now sits in the outbox).</summary>
public sealed record RouteResult(RoutingDecision Decision, RecordResult Record);
