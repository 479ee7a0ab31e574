using RevOps.Contracts.Events;

namespace RevOps.Sla.Domain;

/// <summary>The escalation steps a breach calls for, in order, with a human-readable reason.</summary>
public sealed record EscalationDecision(IReadOnlyList<EscalationAction> Actions, string Reason)
{
    public bool NotifiesManager => Actions.Contains(EscalationAction.NotifyManager);

    public bool Reassigns => Actions.Contains(EscalationAction.Reassign);

    /// <summary>Where the manager notification is also POSTed, as the contract names it.</summary>
    public IReadOnlyList<Uri> WebhookUrls { get; init; } = [];
}
