namespace RevOps.Contracts.Events;

/// <summary>A rep or manager gave the reason for a breach (the scorecard lists breaches with their reasons).</summary>
public sealed record SlaBreachAnnotated : IIntegrationEvent
{
    public required Guid EventId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required int ContractVersion { get; init; }
    public required Guid BreachId { get; init; }
    public required Guid LeadId { get; init; }
    public required string ClauseId { get; init; }
    public required string Reason { get; init; }
    public required string AnnotatedBy { get; init; }
}
