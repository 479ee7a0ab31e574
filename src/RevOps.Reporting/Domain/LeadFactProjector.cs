using RevOps.Contracts.Events;

namespace RevOps.Reporting.Domain;

/// <summary>
/// Turns events into lead and breach facts. Each event becomes a partial fact (<see cref="Project"/>) and partial
/// facts combine with <see cref="Merge(LeadFact, LeadFact)"/>, which is commutative, associative and idempotent:
/// stage times keep the earliest, "latest wins" groups compare (occurred-at, event id), so any order of any
/// number of copies of the same events gives the same fact. <see cref="LeadFactStore"/> runs the same merge in SQL.
/// </summary>
public static class LeadFactProjector
{
    /// <summary>The follow-up clause whose clock measures first touch.</summary>
    public const string FirstTouchClause = "first_touch";

    /// <summary>CRM stages that mean "opportunity opened, not yet worked": they count as SAO but not yet as Opportunity.</summary>
    public static readonly IReadOnlySet<string> EarlyOpportunityStages =
        new HashSet<string>(["discovery", "qualification", "qualify", "sao"], StringComparer.OrdinalIgnoreCase);

    /// <summary>The event's contribution, or null when reporting does not read it (activity, escalation, contract activation).</summary>
    public static EventProjection? Project(IIntegrationEvent integrationEvent)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        var at = Normalize(integrationEvent.OccurredAt);
        var version = integrationEvent.ContractVersion;
        return integrationEvent switch
        {
            SlaBreached e => new EventProjection(
                Lead(e.LeadId, version) with
                {
                    FirstBreachAt = at,
                    FirstTouchBreachedAt = IsFirstTouch(e.ClauseId) ? at : null,
                    FirstTouchDueAt = FirstTouchDue(e.ClauseId, e.DueAt),
                },
                BreachFact.Empty(e.BreachId, e.LeadId) with
                {
                    ContractVersion = version,
                    ClauseId = e.ClauseId,
                    OwnerRepId = e.OwnerRepId,
                    TeamId = e.TeamId,
                    DueAt = Normalize(e.DueAt),
                    BreachedAt = at,
                    LatenessMicroseconds = e.Lateness.Ticks / TimeSpan.TicksPerMicrosecond,
                    BreachNumber = e.BreachNumber,
                }),
            // A blank reason explains nothing: stored as none, so SQL sees "unannotated" as C# does (whatever the whitespace).
            SlaBreachAnnotated e => new EventProjection(
                Lead(e.LeadId, version),
                BreachFact.Empty(e.BreachId, e.LeadId) with
                {
                    ReasonAt = at, ReasonEventId = e.EventId, Reason = string.IsNullOrWhiteSpace(e.Reason) ? null : e.Reason,
                }),
            _ => LeadDelta(integrationEvent, at, version) is { } lead ? new EventProjection(lead, null) : null,
        };
    }

    private static LeadFact? LeadDelta(IIntegrationEvent integrationEvent, DateTimeOffset at, int version) =>
        integrationEvent switch
        {
            LeadCaptured e => Lead(e.LeadId, version) with
            {
                CapturedAt = at,
                CaptureEventId = e.EventId,
                Source = e.Source,
                Campaign = e.Campaign,
                Segment = e.Segment,
                MarketingSourced = e.MarketingSourced,
                MarketingInfluenced = e.MarketingSourced,
            },
            LeadScored e => Lead(e.LeadId, version) with
            {
                ScoredAt = at,
                ScoreEventId = e.EventId,
                FitScore = e.FitScore,
                BehaviourScore = e.BehaviourScore,
                TotalScore = e.TotalScore,
                IcpFit = e.IcpFit,
                MqlAt = string.Equals(e.Stage, "mql", StringComparison.OrdinalIgnoreCase) ? at : null,
            },
            LeadQualified e => Lead(e.LeadId, version) with
            {
                ScoredAt = at,
                ScoreEventId = e.EventId,
                FitScore = e.FitScore,
                BehaviourScore = e.BehaviourScore,
                TotalScore = e.Score,
                IcpFit = e.IcpFit,
                MqlAt = at,
            },
            LeadAssigned e => Lead(e.LeadId, version) with
            {
                AssignedAt = at,
                OwnerSince = at,
                OwnerEventId = e.EventId,
                TeamId = e.TeamId,
                OwnerRepId = e.OwnerRepId,
            },
            LeadTouched e => Lead(e.LeadId, version) with { FirstTouchAt = at },
            LeadAccepted e => Lead(e.LeadId, version) with { AcceptedAt = at },
            LeadRejected e => Lead(e.LeadId, version) with
            {
                RejectedAt = at,
                RejectionEventId = e.EventId,
                RejectionReason = e.ReasonCode,
            },
            OpportunityUpdated e => Lead(e.LeadId, version) with
            {
                SaoAt = at,
                OpportunityAt = e.Outcome != OpportunityOutcome.Open || !EarlyOpportunityStages.Contains(e.Stage) ? at : null,
                WonAt = e.Outcome == OpportunityOutcome.Won ? at : null,
                LostAt = e.Outcome == OpportunityOutcome.Lost ? at : null,
                OpportunityUpdatedAt = at,
                OpportunityEventId = e.EventId,
                OpportunityId = e.OpportunityId,
                OpportunityStage = e.Stage,
                Outcome = e.Outcome,
                Amount = e.Amount,
                Currency = e.Currency,
            },
            SlaClockStarted e => Lead(e.LeadId, version) with { FirstTouchDueAt = FirstTouchDue(e.ClauseId, e.DueAt) },
            SlaClockMet e => Lead(e.LeadId, version) with { FirstTouchDueAt = FirstTouchDue(e.ClauseId, e.DueAt) },
            _ => null,
        };

    /// <summary>Applies one event to a lead fact (events about other leads or without lead effects leave it unchanged).</summary>
    public static LeadFact Apply(LeadFact fact, IIntegrationEvent integrationEvent)
    {
        ArgumentNullException.ThrowIfNull(fact);
        return Project(integrationEvent)?.Lead is { } delta && delta.LeadId == fact.LeadId ? Merge(fact, delta) : fact;
    }

    /// <summary>Projects a whole event stream, in whatever order it arrives.</summary>
    public static (IReadOnlyDictionary<Guid, LeadFact> Leads, IReadOnlyDictionary<Guid, BreachFact> Breaches) ProjectAll(
        IEnumerable<IIntegrationEvent> events)
    {
        var leads = new Dictionary<Guid, LeadFact>();
        var breaches = new Dictionary<Guid, BreachFact>();
        foreach (var projection in events.Select(Project))
        {
            if (projection?.Lead is { } lead)
                leads[lead.LeadId] = leads.TryGetValue(lead.LeadId, out var existing) ? Merge(existing, lead) : lead;
            if (projection?.Breach is { } breach)
                breaches[breach.BreachId] = breaches.TryGetValue(breach.BreachId, out var existing) ? Merge(existing, breach) : breach;
        }
        return (leads, breaches);
    }

    /// <summary>Combines two partial facts about the same lead; the order of the arguments does not matter.</summary>
    public static LeadFact Merge(LeadFact fact, LeadFact delta)
    {
        ArgumentNullException.ThrowIfNull(fact);
        ArgumentNullException.ThrowIfNull(delta);
        if (fact.LeadId != delta.LeadId)
            throw new ArgumentException($"Cannot merge lead {delta.LeadId} into lead {fact.LeadId}.", nameof(delta));

        var capture = Earlier(delta.CapturedAt, delta.CaptureEventId, fact.CapturedAt, fact.CaptureEventId) ? delta : fact;
        var score = Later(delta.ScoredAt, delta.ScoreEventId, fact.ScoredAt, fact.ScoreEventId) ? delta : fact;
        var owner = Later(delta.OwnerSince, delta.OwnerEventId, fact.OwnerSince, fact.OwnerEventId) ? delta : fact;
        var rejection = Earlier(delta.RejectedAt, delta.RejectionEventId, fact.RejectedAt, fact.RejectionEventId) ? delta : fact;
        var opportunity = Later(delta.OpportunityUpdatedAt, delta.OpportunityEventId, fact.OpportunityUpdatedAt, fact.OpportunityEventId)
            ? delta : fact;

        return new LeadFact
        {
            LeadId = fact.LeadId,
            ContractVersion = Max(fact.ContractVersion, delta.ContractVersion),
            CapturedAt = capture.CapturedAt,
            CaptureEventId = capture.CaptureEventId,
            Source = capture.Source,
            Campaign = capture.Campaign,
            Segment = capture.Segment,
            MarketingSourced = capture.MarketingSourced,
            MarketingInfluenced = fact.MarketingInfluenced || delta.MarketingInfluenced,
            ScoredAt = score.ScoredAt,
            ScoreEventId = score.ScoreEventId,
            FitScore = score.FitScore,
            BehaviourScore = score.BehaviourScore,
            TotalScore = score.TotalScore,
            IcpFit = score.IcpFit,
            MqlAt = Min(fact.MqlAt, delta.MqlAt),
            AssignedAt = Min(fact.AssignedAt, delta.AssignedAt),
            OwnerSince = owner.OwnerSince,
            OwnerEventId = owner.OwnerEventId,
            TeamId = owner.TeamId,
            OwnerRepId = owner.OwnerRepId,
            FirstTouchAt = Min(fact.FirstTouchAt, delta.FirstTouchAt),
            FirstTouchDueAt = Min(fact.FirstTouchDueAt, delta.FirstTouchDueAt),
            FirstTouchBreachedAt = Min(fact.FirstTouchBreachedAt, delta.FirstTouchBreachedAt),
            FirstBreachAt = Min(fact.FirstBreachAt, delta.FirstBreachAt),
            AcceptedAt = Min(fact.AcceptedAt, delta.AcceptedAt),
            RejectedAt = rejection.RejectedAt,
            RejectionEventId = rejection.RejectionEventId,
            RejectionReason = rejection.RejectionReason,
            SaoAt = Min(fact.SaoAt, delta.SaoAt),
            OpportunityAt = Min(fact.OpportunityAt, delta.OpportunityAt),
            WonAt = Min(fact.WonAt, delta.WonAt),
            LostAt = Min(fact.LostAt, delta.LostAt),
            OpportunityUpdatedAt = opportunity.OpportunityUpdatedAt,
            OpportunityEventId = opportunity.OpportunityEventId,
            OpportunityId = opportunity.OpportunityId,
            OpportunityStage = opportunity.OpportunityStage,
            Outcome = opportunity.Outcome,
            Amount = opportunity.Amount,
            Currency = opportunity.Currency,
        };
    }

    /// <summary>Combines two partial facts about the same breach; the order of the arguments does not matter.</summary>
    public static BreachFact Merge(BreachFact fact, BreachFact delta)
    {
        ArgumentNullException.ThrowIfNull(fact);
        ArgumentNullException.ThrowIfNull(delta);
        if (fact.BreachId != delta.BreachId)
            throw new ArgumentException($"Cannot merge breach {delta.BreachId} into breach {fact.BreachId}.", nameof(delta));

        var reason = Later(delta.ReasonAt, delta.ReasonEventId, fact.ReasonAt, fact.ReasonEventId) ? delta : fact;
        // One SlaBreached exists per breach id, so its fields either agree or are missing on one side.
        return fact with
        {
            ContractVersion = Max(fact.ContractVersion, delta.ContractVersion),
            ClauseId = fact.ClauseId ?? delta.ClauseId,
            OwnerRepId = fact.OwnerRepId ?? delta.OwnerRepId,
            TeamId = fact.TeamId ?? delta.TeamId,
            DueAt = fact.DueAt ?? delta.DueAt,
            BreachedAt = Min(fact.BreachedAt, delta.BreachedAt),
            LatenessMicroseconds = fact.LatenessMicroseconds ?? delta.LatenessMicroseconds,
            BreachNumber = fact.BreachNumber ?? delta.BreachNumber,
            ReasonAt = reason.ReasonAt,
            ReasonEventId = reason.ReasonEventId,
            Reason = reason.Reason,
        };
    }

    /// <summary>UTC, truncated to microseconds, so the pure fact equals what PostgreSQL stores.</summary>
    public static DateTimeOffset Normalize(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);

    private static LeadFact Lead(Guid leadId, int version) => LeadFact.Empty(leadId) with { ContractVersion = version };

    private static bool IsFirstTouch(string clauseId) => string.Equals(clauseId, FirstTouchClause, StringComparison.Ordinal);

    private static DateTimeOffset? FirstTouchDue(string clauseId, DateTimeOffset dueAt) => IsFirstTouch(clauseId) ? Normalize(dueAt) : null;

    // Guid.CompareTo orders like PostgreSQL's uuid (the canonical text order), so ties break the same way in SQL.
    private static bool Earlier(DateTimeOffset? time, Guid? id, DateTimeOffset? currentTime, Guid? currentId) =>
        time is { } t && (currentTime is not { } c || t < c || (t == c && id.GetValueOrDefault().CompareTo(currentId.GetValueOrDefault()) < 0));

    private static bool Later(DateTimeOffset? time, Guid? id, DateTimeOffset? currentTime, Guid? currentId) =>
        time is { } t && (currentTime is not { } c || t > c || (t == c && id.GetValueOrDefault().CompareTo(currentId.GetValueOrDefault()) > 0));

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static int? Max(int? a, int? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
