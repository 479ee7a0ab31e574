namespace RevOps.Routing.Domain;

/// <summary>A lead to route: first routing after qualification, or a reassignment (escalation, manual) away from its current owner.</summary>
public sealed record RoutingRequest
{
    public required Guid LeadId { get; init; }
    public required int ContractVersion { get; init; }
    public required LeadAttributes Lead { get; init; }

    /// <summary>Why the lead is being routed, e.g. "qualified", "escalated:first_touch" or "manual".</summary>
    public string Reason { get; init; } = "qualified";

    public bool IsReassignment { get; init; }

    /// <summary>The message being handled, if any: its inbox row commits with the decision, so a redelivery changes nothing.</summary>
    public (Guid MessageId, string Consumer)? Inbox { get; init; }
}
