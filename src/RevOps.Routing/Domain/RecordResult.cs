using RevOps.Contracts.Events;

namespace RevOps.Routing.Domain;

/// <summary>
/// What <see cref="AssignmentStore.RecordAsync"/> did. When <see cref="Recorded"/> is false the lead already had an open
/// assignment (a redelivered LeadQualified): nothing was written and the caller must release the Redis slot it took.
/// </summary>
public sealed record RecordResult(bool Recorded, Guid AssignmentId, LeadAssigned? Event, PreviousAssignment? Closed);

/// <summary>The open assignment a reassignment closed; its rep's load must fall in Redis.</summary>
public sealed record PreviousAssignment(Guid AssignmentId, string TeamId, string? RepId);
