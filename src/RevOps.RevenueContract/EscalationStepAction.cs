namespace RevOps.RevenueContract;

/// <summary>What an escalation step does.</summary>
public enum EscalationStepAction
{
    NotifyManager = 0,
    Reassign = 1,
}
