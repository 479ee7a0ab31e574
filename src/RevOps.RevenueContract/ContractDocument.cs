namespace RevOps.RevenueContract;

/// <summary>One version of the revenue contract marketing and sales sign. Load it with <see cref="ContractLoader"/>.</summary>
public sealed record ContractDocument
{
    public required int Version { get; init; }
    public required DateOnly EffectiveFrom { get; init; }
    public string? Title { get; init; }
    public required ScoringRules Scoring { get; init; }
    public IReadOnlyList<CompanySizeBand> CompanySizeBands { get; init; } = [];
    public IReadOnlyList<LeadSource> Sources { get; init; } = [];
    public required IReadOnlyList<LifecycleStage> Lifecycle { get; init; }
    public IReadOnlyList<FollowUpClause> FollowUp { get; init; } = [];
    public IReadOnlyList<EscalationStep> Escalation { get; init; } = [];
    public required IReadOnlyList<DispositionReason> DispositionReasons { get; init; }
    public IReadOnlyList<BusinessCalendar> Calendars { get; init; } = [];
    public required RoutingPolicy Routing { get; init; }
    public required Commitments Commitments { get; init; }

    /// <summary>The band whose [min, max) range holds the ARR; null when ARR is unknown or no band covers it.</summary>
    public CompanySizeBand? CompanySizeBandFor(decimal? annualRevenue) =>
        annualRevenue is { } arr ? CompanySizeBands.FirstOrDefault(b => b.Contains(arr)) : null;

    public bool IsActivityType(string activityType) =>
        Scoring.Behaviour.ActivityTypes.Any(a => string.Equals(a.Id, activityType, StringComparison.Ordinal));

    public bool IsDispositionReason(string reasonCode) =>
        DispositionReasons.Any(r => string.Equals(r.Id, reasonCode, StringComparison.Ordinal));

    /// <summary>Who owns a source for the pipeline mix; undeclared sources are <see cref="SourceOwner.Unknown"/>.</summary>
    public SourceOwner OwnerOfSource(string source) =>
        Sources.FirstOrDefault(s => string.Equals(s.Id, source, StringComparison.OrdinalIgnoreCase))?.Owner ?? SourceOwner.Unknown;

    public FollowUpClause? FindClause(string clauseId) =>
        FollowUp.FirstOrDefault(c => string.Equals(c.Id, clauseId, StringComparison.Ordinal));

    public SalesTeam? FindTeam(string teamId) =>
        Routing.Teams.FirstOrDefault(t => string.Equals(t.Id, teamId, StringComparison.Ordinal));

    public BusinessCalendar? FindCalendar(string calendarId) =>
        Calendars.FirstOrDefault(c => string.Equals(c.Id, calendarId, StringComparison.Ordinal));
}
