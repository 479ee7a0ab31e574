namespace RevOps.Reporting.Domain;

/// <summary>One lead in the weekly review pack: its score breakdown, disposition and breaches.</summary>
public sealed record ReviewLead(
    Guid LeadId,
    ReviewBucket Bucket,
    string? Source,
    string? TeamId,
    string? OwnerRepId,
    int? FitScore,
    int? BehaviourScore,
    int? TotalScore,
    bool? IcpFit,
    Disposition Disposition,
    string? RejectionReason,
    IReadOnlyList<string> BreachedClauses);
