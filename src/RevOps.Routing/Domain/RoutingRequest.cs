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
}
