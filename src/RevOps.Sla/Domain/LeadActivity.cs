using RevOps.Contracts.Events;

namespace RevOps.Sla.Domain;

/// <summary>Something a rep did to a lead that can meet clocks.</summary>
public sealed record LeadActivity(LeadActivityKind Kind, Guid LeadId, string RepId, DateTimeOffset OccurredAt)
{
    public static LeadActivity From(LeadTouched touched) => new(LeadActivityKind.Touched, touched.LeadId, touched.RepId, touched.OccurredAt);

    public static LeadActivity From(LeadAccepted accepted) => new(LeadActivityKind.Accepted, accepted.LeadId, accepted.RepId, accepted.OccurredAt);

    public static LeadActivity From(LeadRejected rejected) => new(LeadActivityKind.Rejected, rejected.LeadId, rejected.RepId, rejected.OccurredAt);
}
