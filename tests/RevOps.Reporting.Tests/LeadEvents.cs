using RevOps.Contracts.Events;

namespace RevOps.Reporting.Tests;

/// <summary>Builds one lead's events at whole minutes after <paramref name="start"/>, each with a fresh event id.</summary>
internal sealed class LeadEvents(Guid leadId, DateTimeOffset start, int contractVersion = 1)
{
    public Guid LeadId { get; } = leadId;

    public DateTimeOffset At(int minutes) => start.AddMinutes(minutes);

    public LeadCaptured Captured(int minutes, string source = "webinar", bool marketingSourced = true, string? campaign = "q4-launch",
        string? segment = "mid_market", Guid? eventId = null) => new()
    {
        EventId = eventId ?? Guid.NewGuid(), OccurredAt = At(minutes), ContractVersion = contractVersion, LeadId = LeadId,
        IsNewLead = true, Source = source, Campaign = campaign, Segment = segment, MarketingSourced = marketingSourced,
    };

    public LeadScored Scored(int minutes, int fit, int behaviour, string stage = "lead", bool icpFit = true, int? version = null) => new()
    {
        EventId = Guid.NewGuid(), OccurredAt = At(minutes), ContractVersion = version ?? contractVersion, LeadId = LeadId,
        FitScore = fit, BehaviourScore = behaviour, TotalScore = fit + behaviour, Stage = stage, IcpFit = icpFit,
    };

    public LeadQualified Qualified(int minutes, int fit, int behaviour, bool icpFit = true) => new()
    {
        EventId = Guid.NewGuid(), OccurredAt = At(minutes), ContractVersion = contractVersion, LeadId = LeadId,
        Score = fit + behaviour, FitScore = fit, BehaviourScore = behaviour, IcpFit = icpFit, Source = "webinar",
    };

    public LeadAssigned Assigned(int minutes, string team = "emea", string? owner = "rep-1", bool reassignment = false) => new()
    {
        EventId = Guid.NewGuid(), OccurredAt = At(minutes), ContractVersion = contractVersion, LeadId = LeadId,
        AssignmentId = Guid.NewGuid(), TeamId = team, OwnerRepId = owner, FallbackQueue = owner is null ? team + "-queue" : null,
        IsReassignment = reassignment,
    };

    public LeadTouched Touched(int minutes, string rep = "rep-1") => new()
    {
        EventId = Guid.NewGuid(), OccurredAt = At(minutes), ContractVersion = contractVersion, LeadId = LeadId,
        TouchId = Guid.NewGuid(), RepId = rep, Channel = "call",
    };

    public LeadAccepted Accepted(int minutes, string rep = "rep-1") => new()
    {
        EventId = Guid.NewGuid(), OccurredAt = At(minutes), ContractVersion = contractVersion, LeadId = LeadId, RepId = rep,
    };

    public LeadRejected Rejected(int minutes, string reason, string rep = "rep-1") => new()
    {
        EventId = Guid.NewGuid(), OccurredAt = At(minutes), ContractVersion = contractVersion, LeadId = LeadId, RepId = rep,
        ReasonCode = reason,
    };

    public OpportunityUpdated Opportunity(int minutes, string stage, OpportunityOutcome outcome, decimal amount, string currency = "USD") => new()
    {
        EventId = Guid.NewGuid(), OccurredAt = At(minutes), ContractVersion = contractVersion, LeadId = LeadId,
        OpportunityId = "opp-" + LeadId.ToString("N")[..8], Stage = stage, Outcome = outcome, Amount = amount, Currency = currency,
    };

    public SlaClockStarted ClockStarted(int minutes, int dueMinutes, string clause = "first_touch") => new()
    {
        EventId = Guid.NewGuid(), OccurredAt = At(minutes), ContractVersion = contractVersion, ClockId = Guid.NewGuid(), LeadId = LeadId,
        ClauseId = clause, OwnerRepId = "rep-1", TeamId = "emea", DueAt = At(dueMinutes),
    };

    public SlaClockMet ClockMet(int minutes, int dueMinutes, string clause = "first_touch") => new()
    {
        EventId = Guid.NewGuid(), OccurredAt = At(minutes), ContractVersion = contractVersion, ClockId = Guid.NewGuid(), LeadId = LeadId,
        ClauseId = clause, OwnerRepId = "rep-1", TeamId = "emea", DueAt = At(dueMinutes),
    };

    public SlaBreached Breached(int minutes, int dueMinutes, Guid breachId, string clause = "first_touch", int number = 1) => new()
    {
        EventId = Guid.NewGuid(), OccurredAt = At(minutes), ContractVersion = contractVersion, BreachId = breachId, ClockId = Guid.NewGuid(),
        LeadId = LeadId, ClauseId = clause, OwnerRepId = "rep-1", TeamId = "emea", DueAt = At(dueMinutes),
        Lateness = TimeSpan.FromSeconds(3), BreachNumber = number,
    };

    public LeadEscalated Escalated(int minutes, Guid? breachId, string reason) => new()
    {
        EventId = Guid.NewGuid(), OccurredAt = At(minutes), ContractVersion = contractVersion, LeadId = LeadId,
        Action = EscalationAction.Reassign, ClauseId = "first_touch", BreachId = breachId, TeamId = "emea", Reason = reason,
    };

    public SlaBreachAnnotated Annotated(int minutes, Guid breachId, string reason, string by = "mgr-1") => new()
    {
        EventId = Guid.NewGuid(), OccurredAt = At(minutes), ContractVersion = contractVersion, BreachId = breachId, LeadId = LeadId,
        ClauseId = "first_touch", Reason = reason, AnnotatedBy = by,
    };

    /// <summary>
    /// Every kind of event for one lead, including the traps: a second capture from sales, a rescoring, a reassignment,
    /// three touches, a rejection before the acceptance, two breaches (the first escalated, then annotated and corrected), and
    /// opportunity updates up to closed-won.
    /// </summary>
    public IReadOnlyList<IIntegrationEvent> FullStory(Guid firstBreach, Guid secondBreach) =>
    [
        Captured(0),
        Captured(30, source: "sales_outbound", marketingSourced: false, campaign: null, segment: "enterprise"),
        Scored(1, fit: 40, behaviour: 10),
        Qualified(5, fit: 45, behaviour: 30),
        Scored(90, fit: 45, behaviour: 42, stage: "mql", version: 2),
        new ActivityRecorded
        {
            EventId = Guid.NewGuid(), OccurredAt = At(2), ContractVersion = 1, LeadId = LeadId, ActivityId = Guid.NewGuid(),
            ActivityType = "pricing_page_visit",
        },
        Assigned(6, owner: "rep-1"),
        ClockStarted(6, dueMinutes: 246),
        Breached(247, dueMinutes: 246, firstBreach),
        Escalated(248, firstBreach, "not touched within 4 business hours"),
        Annotated(600, firstBreach, "rep-1 on holiday, no cover set"),
        Annotated(350, firstBreach, "rep-1 on holiday"),
        Assigned(248, team: "emea", owner: "rep-2", reassignment: true),
        ClockStarted(248, dueMinutes: 488),
        Touched(300, rep: "rep-2"),
        ClockMet(300, dueMinutes: 488),
        Touched(400, rep: "rep-2"),
        Touched(260, rep: "rep-1"),
        Rejected(320, "no_timing", rep: "rep-2"),
        Accepted(500, rep: "rep-2"),
        Breached(1700, dueMinutes: 1688, secondBreach, clause: "accept_or_reject", number: 2),
        Opportunity(2000, "discovery", OpportunityOutcome.Open, 0m),
        Opportunity(3000, "proposal", OpportunityOutcome.Open, 12_000m),
        Opportunity(5000, "closed_won", OpportunityOutcome.Won, 15_000m),
    ];
}
