namespace RevOps.Contracts.Events;

/// <summary>A behaviour signal (email opened, page visited, demo requested...) was recorded for a lead; OccurredAt is the activity's own time.</summary>
public sealed record ActivityRecorded : IIntegrationEvent
{
    public required Guid EventId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required int ContractVersion { get; init; }
    public required Guid LeadId { get; init; }
    public required Guid ActivityId { get; init; }

    /// <summary>Activity type id from the contract's behaviour signals, e.g. "email_opened", "pricing_page_visit".</summary>
    public required string ActivityType { get; init; }

    /// <summary>Free detail from the source, e.g. the page URL or webinar id.</summary>
    public string? Detail { get; init; }
}
