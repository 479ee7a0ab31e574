namespace RevOps.Contracts.Events;

/// <summary>A rep touched a lead (call, email, meeting...); OccurredAt is the touch time.</summary>
public sealed record LeadTouched : IIntegrationEvent
{
    public required Guid EventId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required int ContractVersion { get; init; }
    public required Guid LeadId { get; init; }
    public required Guid TouchId { get; init; }
    public required string RepId { get; init; }

    /// <summary>Channel of the touch, e.g. "call", "email", "linkedin", "meeting".</summary>
    public required string Channel { get; init; }
}
