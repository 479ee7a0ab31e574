namespace RevOps.Sla.Domain;

/// <summary>How a clause's window is measured.</summary>
public enum WindowBasis
{
    /// <summary>Counted only inside the team's business hours ("4 business hours").</summary>
    BusinessTime,

    /// <summary>Plain elapsed time, nights and weekends included ("24 hours").</summary>
    Elapsed,
}
