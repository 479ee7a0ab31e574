namespace RevOps.Sla.Domain;

public enum ClockState
{
    Running,
    Met,
    Breached,

    /// <summary>Ended without a verdict: the lead was reassigned, or the owner rejected it.</summary>
    Stopped,
}
