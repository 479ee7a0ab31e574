using RevOps.Contracts.Events;

namespace RevOps.Sla.Domain;

/// <summary>
/// The follow-up clock rules, free of storage and time sources: which clocks an assignment starts and stops, which
/// clocks an activity meets, which are due, and what a breach escalates to.
/// </summary>
public static class ClockPolicy
{
    /// <summary>
    /// Starts one clock per clause for <paramref name="assignment"/> and stops every running clock the lead has under
    /// another assignment (the old owner's history stays as Stopped clocks).
    /// </summary>
    /// <param name="leadClocks">The lead's existing clocks; clocks of other leads are ignored.</param>
    /// <exception cref="ArgumentException">Two clauses share an id.</exception>
    public static AssignmentOutcome Assign(LeadAssignment assignment, IEnumerable<FollowUpClause> clauses, BusinessCalendar calendar,
        IEnumerable<SlaClock>? leadClocks = null)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(clauses);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentException.ThrowIfNullOrWhiteSpace(assignment.TeamId, nameof(assignment));

        var existing = (leadClocks ?? []).Where(c => c.LeadId == assignment.LeadId).ToList();
        var stopped = existing
            .Where(c => c.IsRunning && c.AssignmentId != assignment.AssignmentId)
            .Select(c => c.Stop(assignment.AssignedAt))
            .ToList();

        // A redelivered LeadAssigned must not start a second set of clocks.
        var alreadyStarted = existing
            .Where(c => c.AssignmentId == assignment.AssignmentId)
            .Select(c => c.ClauseId)
            .ToHashSet(StringComparer.Ordinal);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var started = new List<SlaClock>();
        foreach (var clause in clauses)
        {
            if (!seen.Add(clause.ClauseId))
                throw new ArgumentException($"Clause id '{clause.ClauseId}' appears twice in the contract.", nameof(clauses));
            if (alreadyStarted.Contains(clause.ClauseId))
                continue;
            started.Add(new SlaClock
            {
                Id = Guid.CreateVersion7(assignment.AssignedAt),
                LeadId = assignment.LeadId,
                AssignmentId = assignment.AssignmentId,
                OwnerRepId = assignment.OwnerRepId,
                TeamId = assignment.TeamId,
                ClauseId = clause.ClauseId,
                Kind = clause.Kind,
                ContractVersion = assignment.ContractVersion,
                StartedAt = ToMicroseconds(assignment.AssignedAt),
                DueAt = ToMicroseconds(clause.DueAt(assignment.AssignedAt, calendar)),
                TouchesRequired = clause.RequiredTouches,
            });
        }
        return new AssignmentOutcome(stopped, started);
    }

    /// <summary>
    /// The clocks <paramref name="activity"/> changes, in their new state. Only the owner's activity counts, and only
    /// up to the due time: a late touch leaves the clock to breach. A rejection meets the disposition clock and stops the
    /// owner's other clocks, since a rejected lead is owed no more follow-up.
    /// </summary>
    public static IReadOnlyList<SlaClock> Apply(LeadActivity activity, IEnumerable<SlaClock> leadClocks)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(leadClocks);
        ArgumentException.ThrowIfNullOrWhiteSpace(activity.RepId, nameof(activity));

        var changed = new List<SlaClock>();
        foreach (var clock in leadClocks)
        {
            if (!clock.IsRunning || clock.LeadId != activity.LeadId || !clock.IsOwnedBy(activity.RepId))
                continue;
            var inTime = activity.OccurredAt <= clock.DueAt;
            var next = (activity.Kind, clock.Kind) switch
            {
                (LeadActivityKind.Touched, ClockKind.FirstTouch) when inTime => clock.Meet(activity.OccurredAt),
                (LeadActivityKind.Touched, ClockKind.MinTouches) when inTime => clock.RecordTouch(activity.OccurredAt),
                (LeadActivityKind.Accepted or LeadActivityKind.Rejected, ClockKind.Disposition) when inTime => clock.Meet(activity.OccurredAt),
                (LeadActivityKind.Rejected, _) when inTime => clock.Stop(activity.OccurredAt),
                _ => clock,
            };
            if (!ReferenceEquals(next, clock))
                changed.Add(next);
        }
        return changed;
    }

    // PostgreSQL keeps microseconds: a clock read back from sladb must equal the one armed.
    private static DateTimeOffset ToMicroseconds(DateTimeOffset instant)
    {
        var utc = instant.UtcTicks;
        return new DateTimeOffset(utc - utc % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);
    }

    /// <summary>Running clocks whose due time has come, earliest first.</summary>
    public static IReadOnlyList<SlaClock> Due(IEnumerable<SlaClock> clocks, DateTimeOffset now) =>
        [.. clocks.Where(c => c.IsRunning && c.DueAt <= now).OrderBy(c => c.DueAt)];

    /// <summary>
    /// The escalation chain for a breach: the lead's first breach notifies the owner's manager; a later breach, or a
    /// lead left unaccepted past its disposition window, goes back to routing for reassignment.
    /// </summary>
    /// <param name="breachNumber">1 for the lead's first breach, 2 for its second...</param>
    public static EscalationDecision Escalate(SlaClock breached, int breachNumber)
    {
        ArgumentNullException.ThrowIfNull(breached);
        ArgumentOutOfRangeException.ThrowIfLessThan(breachNumber, 1);
        if (breached.State != ClockState.Breached)
            throw new ArgumentException($"Clock {breached.Id} is {breached.State}, not Breached.", nameof(breached));

        var actions = new List<EscalationAction>(2);
        if (breachNumber == 1)
            actions.Add(EscalationAction.NotifyManager);

        string reason;
        if (breached.Kind == ClockKind.Disposition)
        {
            actions.Add(EscalationAction.Reassign);
            reason = $"not accepted or rejected by {breached.DueAt:O}";
        }
        else if (breachNumber >= 2)
        {
            actions.Add(EscalationAction.Reassign);
            reason = $"breach {breachNumber} for the lead ({breached.ClauseId})";
        }
        else
        {
            reason = $"first breach for the lead ({breached.ClauseId})";
        }
        return new EscalationDecision(actions, reason);
    }
}
