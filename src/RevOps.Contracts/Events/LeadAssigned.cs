namespace RevOps.Contracts.Events;

/// <summary>Routing gave a lead to a rep, or to the team's fallback queue when nobody was eligible.</summary>
public sealed record LeadAssigned : IIntegrationEvent
{
    public required Guid EventId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required int ContractVersion { get; init; }
    public required Guid LeadId { get; init; }
    public required Guid AssignmentId { get; init; }
    public required string TeamId { get; init; }

    /// <summary>The rep who owns the lead; null when it went to <see cref="FallbackQueue"/>.</summary>
    public string? OwnerRepId { get; init; }

    /// <summary>The team's fallback queue; set only when no rep was eligible.</summary>
    public string? FallbackQueue { get; init; }

    /// <summary>The routing rule that matched; null when the default team caught the lead.</summary>
    public string? MatchedRuleId { get; init; }

    public required bool IsReassignment { get; init; }
    public string? PreviousOwnerRepId { get; init; }

    /// <summary>Why a reassignment happened, e.g. "escalated:first_touch" or "manual".</summary>
    public string? Reason { get; init; }
}
