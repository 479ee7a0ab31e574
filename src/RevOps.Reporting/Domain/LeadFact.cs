using RevOps.Contracts.Events;

namespace RevOps.Reporting.Domain;

/// <summary>
/// One lead as reporting sees it: its attributes and the time it reached each stage. Built by
/// <see cref="LeadFactProjector"/> so that any order of the same events gives the same fact.
/// Times are UTC, truncated to microseconds (PostgreSQL's precision).
/// </summary>
public sealed record LeadFact
{
    public required Guid LeadId { get; init; }

    /// <summary>The newest contract version any of the lead's events was judged by (versions only grow).</summary>
    public int? ContractVersion { get; init; }

    // Attribution: the earliest capture wins (first-touch attribution); ties break on the event id.
    public DateTimeOffset? CapturedAt { get; init; }
    public Guid? CaptureEventId { get; init; }
    public string? Source { get; init; }
    public string? Campaign { get; init; }
    public string? Segment { get; init; }
    public bool? MarketingSourced { get; init; }

    /// <summary>True when any capture of the lead came from a marketing-owned source.</summary>
    public bool MarketingInfluenced { get; init; }

    // Scores: the latest LeadScored/LeadQualified wins.
    public DateTimeOffset? ScoredAt { get; init; }
    public Guid? ScoreEventId { get; init; }
    public int? FitScore { get; init; }
    public int? BehaviourScore { get; init; }
    public int? TotalScore { get; init; }
    public bool? IcpFit { get; init; }

    public DateTimeOffset? MqlAt { get; init; }

    /// <summary>First assignment (the follow-up clock's start).</summary>
    public DateTimeOffset? AssignedAt { get; init; }

    // Ownership: the latest assignment wins; a null owner means the lead sits in a fallback queue.
    public DateTimeOffset? OwnerSince { get; init; }
    public Guid? OwnerEventId { get; init; }
    public string? TeamId { get; init; }
    public string? OwnerRepId { get; init; }

    public DateTimeOffset? FirstTouchAt { get; init; }

    /// <summary>The earliest due time of any first-touch clock the SLA service ran for the lead.</summary>
    public DateTimeOffset? FirstTouchDueAt { get; init; }

    public DateTimeOffset? FirstTouchBreachedAt { get; init; }
    public DateTimeOffset? FirstBreachAt { get; init; }

    public DateTimeOffset? AcceptedAt { get; init; }

    // The earliest rejection and its reason.
    public DateTimeOffset? RejectedAt { get; init; }
    public Guid? RejectionEventId { get; init; }
    public string? RejectionReason { get; init; }

    /// <summary>An opportunity was opened in the CRM (sales-accepted opportunity).</summary>
    public DateTimeOffset? SaoAt { get; init; }

    /// <summary>The opportunity moved past the early CRM stages or closed.</summary>
    public DateTimeOffset? OpportunityAt { get; init; }

    public DateTimeOffset? WonAt { get; init; }
    public DateTimeOffset? LostAt { get; init; }

    // The opportunity as of its latest update (by occurred-at, then event id).
    public DateTimeOffset? OpportunityUpdatedAt { get; init; }
    public Guid? OpportunityEventId { get; init; }
    public string? OpportunityId { get; init; }
    public string? OpportunityStage { get; init; }
    public OpportunityOutcome? Outcome { get; init; }
    public decimal? Amount { get; init; }
    public string? Currency { get; init; }

    public static LeadFact Empty(Guid leadId) => new() { LeadId = leadId };

    /// <summary>The rep's final word: when the lead was both accepted and rejected (e.g. after a reassignment), the later one counts.</summary>
    public Disposition Disposition => (AcceptedAt, RejectedAt) switch
    {
        (null, null) => Disposition.None,
        (not null, null) => Disposition.Accepted,
        (null, not null) => Disposition.Rejected,
        var (accepted, rejected) => accepted >= rejected ? Disposition.Accepted : Disposition.Rejected,
    };

    /// <summary>When the disposition that counts was given.</summary>
    public DateTimeOffset? DispositionAt => Disposition switch
    {
        Disposition.Accepted => AcceptedAt,
        Disposition.Rejected => RejectedAt,
        _ => null,
    };

    /// <summary>When the opportunity closed, by its latest outcome.</summary>
    public DateTimeOffset? ClosedAt => Outcome switch
    {
        OpportunityOutcome.Won => WonAt,
        OpportunityOutcome.Lost => LostAt,
        _ => null,
    };

    /// <summary>The time the lead reached <paramref name="stage"/>, or null.</summary>
    public DateTimeOffset? TimeOf(FunnelStage stage) => stage switch
    {
        FunnelStage.Captured => CapturedAt,
        FunnelStage.Mql => MqlAt,
        FunnelStage.Assigned => AssignedAt,
        FunnelStage.FirstTouch => FirstTouchAt,
        FunnelStage.Accepted => AcceptedAt,
        FunnelStage.Sao => SaoAt,
        FunnelStage.Opportunity => OpportunityAt,
        FunnelStage.Won => WonAt,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "Unknown funnel stage."),
    };
}
