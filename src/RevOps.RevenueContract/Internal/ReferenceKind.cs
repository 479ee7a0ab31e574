namespace RevOps.RevenueContract.Internal;

/// <summary>The kinds of declared ids one part of a contract may name in another.</summary>
internal enum ReferenceKind
{
    Team,
    Calendar,
    FollowUpClause,
    DispositionReason,
    ActivityType,
    CompanySizeBand,
    Source,
}
