namespace RevOps.Scoring.Domain;

public enum DispositionDecision
{
    Unspecified = 0,
    Accept = 1,
    Reject = 2,
}
