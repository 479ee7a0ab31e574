namespace RevOps.Scoring.Domain;

/// <summary>A lead sales has dispositioned: which criteria it matched when scored, the verdict, and whether it later converted to an opportunity.</summary>
public sealed record DispositionedLead(Guid LeadId, IReadOnlyCollection<string> MatchedCriteria, bool Accepted, string? RejectReason, bool Converted);
