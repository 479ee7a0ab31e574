namespace RevOps.Sla.Domain;

/// <summary>What meets a follow-up clock.</summary>
public enum ClockKind
{
    /// <summary>Met by the owner's first <c>LeadTouched</c>.</summary>
    FirstTouch,

    /// <summary>Met by the owner's <c>LeadAccepted</c> or <c>LeadRejected</c>.</summary>
    Disposition,

    /// <summary>Met when the owner has touched the lead the required number of times.</summary>
    MinTouches,
}
