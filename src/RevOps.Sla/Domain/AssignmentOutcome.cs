namespace RevOps.Sla.Domain;

/// <summary>What an assignment does to a lead's clocks: the previous owner's clocks stopped, the new owner's started.</summary>
public sealed record AssignmentOutcome(IReadOnlyList<SlaClock> Stopped, IReadOnlyList<SlaClock> Started);
