namespace RevOps.Sla.Domain;

public enum LeadActivityKind
{
    Touched,
    Accepted,
    Rejected,
}
