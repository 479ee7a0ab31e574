namespace RevOps.Contracts.Events;

/// <summary>What an escalation step asks for.</summary>
public enum EscalationAction
{
    /// <summary>Tell the owner's manager; the lead keeps its owner.</summary>
    NotifyManager = 0,

    /// <summary>Take the lead from its owner: routing reassigns it or moves it to the fallback queue.</summary>
    Reassign = 1,
}
