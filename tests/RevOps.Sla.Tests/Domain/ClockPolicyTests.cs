using System.Globalization;
using RevOps.Contracts.Events;
using RevOps.Sla.Domain;

namespace RevOps.Sla.Tests.Domain;

public sealed class ClockPolicyTests
{
    private static readonly BusinessCalendar NewYork = new("America/New_York",
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
        [new(new TimeOnly(9, 0), new TimeOnly(17, 0))]);

    private static readonly FollowUpClause FirstTouch = new("first_touch", ClockKind.FirstTouch, TimeSpan.FromHours(4), WindowBasis.BusinessTime);
    private static readonly FollowUpClause Disposition = new("accept_or_reject", ClockKind.Disposition, TimeSpan.FromHours(24), WindowBasis.Elapsed);
    private static readonly FollowUpClause ThreeTouches = new("three_touches", ClockKind.MinTouches, TimeSpan.FromHours(40), WindowBasis.BusinessTime, 3);
    private static readonly FollowUpClause[] Contract = [FirstTouch, Disposition, ThreeTouches];

    private static readonly Guid Lead = Guid.NewGuid();

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private static LeadAssignment AssignTo(string? rep, string at) =>
        new(Lead, Guid.NewGuid(), rep, "emea", ContractVersion: 3, At(at));

    private static List<SlaClock> Started(string? rep = "ana", string at = "2026-03-02T10:00:00-05:00") =>
        [.. ClockPolicy.Assign(AssignTo(rep, at), Contract, NewYork).Started];

    private static SlaClock Clause(IEnumerable<SlaClock> clocks, string clauseId) => clocks.Single(c => c.ClauseId == clauseId);

    private static LeadActivity Touch(string rep, string at) => new(LeadActivityKind.Touched, Lead, rep, At(at));

    /// <summary>Applies an activity and folds the changed clocks back into the set, as a store would.</summary>
    private static List<SlaClock> Fold(List<SlaClock> clocks, LeadActivity activity)
    {
        var changed = ClockPolicy.Apply(activity, clocks).ToDictionary(c => c.Id);
        return [.. clocks.Select(c => changed.GetValueOrDefault(c.Id, c))];
    }

    [Fact]
    public void An_assignment_starts_one_running_clock_per_clause_with_its_due_time()
    {
        var assignment = AssignTo("ana", "2026-03-02T10:00:00-05:00");

        var outcome = ClockPolicy.Assign(assignment, Contract, NewYork);

        Assert.Empty(outcome.Stopped);
        Assert.Equal(3, outcome.Started.Count);
        Assert.All(outcome.Started, c =>
        {
            Assert.Equal(ClockState.Running, c.State);
            Assert.Equal(assignment.AssignmentId, c.AssignmentId);
            Assert.Equal("ana", c.OwnerRepId);
            Assert.Equal(3, c.ContractVersion);
            Assert.Equal(At("2026-03-02T15:00:00Z"), c.StartedAt);
        });
        Assert.Equal(3, outcome.Started.Select(c => c.Id).Distinct().Count());
        Assert.Equal(At("2026-03-02T14:00:00-05:00"), Clause(outcome.Started, "first_touch").DueAt);
        Assert.Equal(At("2026-03-03T10:00:00-05:00"), Clause(outcome.Started, "accept_or_reject").DueAt);
        Assert.Equal(At("2026-03-09T10:00:00-04:00"), Clause(outcome.Started, "three_touches").DueAt);
        Assert.Equal(3, Clause(outcome.Started, "three_touches").TouchesRequired);
    }

    [Fact]
    public void An_elapsed_window_runs_through_the_night_and_a_daylight_saving_change()
    {
        // Saturday noon EST + 24 real hours is Sunday 13:00 EDT.
        var clocks = ClockPolicy.Assign(AssignTo("ana", "2026-03-07T12:00:00-05:00"), [Disposition], NewYork).Started;

        Assert.Equal(At("2026-03-08T13:00:00-04:00"), Assert.Single(clocks).DueAt);
    }

    [Fact]
    public void A_reassignment_stops_the_old_owners_running_clocks_and_keeps_their_history()
    {
        var old = Fold(Started("ana"), Touch("ana", "2026-03-02T11:00:00-05:00"));
        var reassignment = AssignTo("ben", "2026-03-03T12:00:00-05:00");

        var outcome = ClockPolicy.Assign(reassignment, Contract, NewYork, old);

        // first_touch was met before the reassignment: it stays Met and is not in the stopped list.
        Assert.Equal(["accept_or_reject", "three_touches"], outcome.Stopped.Select(c => c.ClauseId).Order(StringComparer.Ordinal));
        Assert.All(outcome.Stopped, c =>
        {
            Assert.Equal(ClockState.Stopped, c.State);
            Assert.Equal(reassignment.AssignedAt, c.StoppedAt);
            Assert.Equal("ana", c.OwnerRepId);
        });
        Assert.Equal(3, outcome.Started.Count);
        Assert.All(outcome.Started, c => Assert.Equal(("ben", reassignment.AssignmentId), (c.OwnerRepId, c.AssignmentId)));
    }

    [Fact]
    public void A_redelivered_assignment_starts_nothing_new()
    {
        var assignment = AssignTo("ana", "2026-03-02T10:00:00-05:00");
        var first = ClockPolicy.Assign(assignment, Contract, NewYork);

        var again = ClockPolicy.Assign(assignment, Contract, NewYork, first.Started);

        Assert.Empty(again.Started);
        Assert.Empty(again.Stopped);
    }

    [Fact]
    public void Rejects_a_contract_with_a_duplicate_clause_id()
    {
        var duplicate = new FollowUpClause("first_touch", ClockKind.Disposition, TimeSpan.FromHours(1), WindowBasis.Elapsed);

        var ex = Assert.Throws<ArgumentException>(() => ClockPolicy.Assign(AssignTo("ana", "2026-03-02T10:00:00Z"), [FirstTouch, duplicate], NewYork));
        Assert.Contains("first_touch", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_owners_first_touch_meets_first_touch_and_counts_towards_min_touches()
    {
        var clocks = Started("ana");

        var changed = ClockPolicy.Apply(Touch("ana", "2026-03-02T11:30:00-05:00"), clocks);

        Assert.Equal(2, changed.Count);
        var firstTouch = Clause(changed, "first_touch");
        Assert.Equal(ClockState.Met, firstTouch.State);
        Assert.Equal(At("2026-03-02T16:30:00Z"), firstTouch.MetAt);
        var touches = Clause(changed, "three_touches");
        Assert.Equal((ClockState.Running, 1), (touches.State, touches.TouchCount));
    }

    [Fact]
    public void Another_reps_touch_meets_nothing()
    {
        Assert.Empty(ClockPolicy.Apply(Touch("ben", "2026-03-02T11:30:00-05:00"), Started("ana")));
    }

    [Fact]
    public void Any_reps_touch_counts_while_the_lead_sits_in_a_fallback_queue()
    {
        var changed = ClockPolicy.Apply(Touch("ben", "2026-03-02T11:30:00-05:00"), Started(rep: null));

        Assert.Equal(ClockState.Met, Clause(changed, "first_touch").State);
    }

    [Fact]
    public void A_touch_after_the_due_time_leaves_the_clock_to_breach()
    {
        var clocks = Started("ana");

        var changed = ClockPolicy.Apply(Touch("ana", "2026-03-02T14:00:01-05:00"), clocks);

        // Still in time for three_touches, too late for first_touch.
        Assert.Equal("three_touches", Assert.Single(changed).ClauseId);
    }

    [Fact]
    public void The_third_touch_in_the_window_meets_min_touches()
    {
        var clocks = Started("ana");
        clocks = Fold(clocks, Touch("ana", "2026-03-02T11:00:00-05:00"));
        clocks = Fold(clocks, Touch("ana", "2026-03-04T11:00:00-05:00"));
        Assert.Equal(ClockState.Running, Clause(clocks, "three_touches").State);

        clocks = Fold(clocks, Touch("ana", "2026-03-09T09:59:00-04:00"));

        var touches = Clause(clocks, "three_touches");
        Assert.Equal((ClockState.Met, 3), (touches.State, touches.TouchCount));
        Assert.Equal(At("2026-03-09T09:59:00-04:00"), touches.MetAt);
        // A fourth touch changes nothing: both touch clocks are final.
        Assert.DoesNotContain(ClockPolicy.Apply(Touch("ana", "2026-03-09T09:59:30-04:00"), clocks), c => c.Kind != ClockKind.Disposition);
    }

    [Fact]
    public void Accepting_meets_only_the_disposition_clock()
    {
        var changed = ClockPolicy.Apply(new LeadActivity(LeadActivityKind.Accepted, Lead, "ana", At("2026-03-02T18:00:00-05:00")), Started("ana"));

        var disposition = Assert.Single(changed);
        Assert.Equal(("accept_or_reject", ClockState.Met), (disposition.ClauseId, disposition.State));
    }

    [Fact]
    public void Rejecting_meets_the_disposition_clock_and_stops_the_rest()
    {
        var rejectedAt = At("2026-03-02T12:00:00-05:00");

        var changed = ClockPolicy.Apply(new LeadActivity(LeadActivityKind.Rejected, Lead, "ana", rejectedAt), Started("ana"));

        Assert.Equal(ClockState.Met, Clause(changed, "accept_or_reject").State);
        Assert.Equal(ClockState.Stopped, Clause(changed, "first_touch").State);
        Assert.Equal(rejectedAt, Clause(changed, "three_touches").StoppedAt);
    }

    [Fact]
    public void Acting_on_another_lead_changes_nothing()
    {
        var elsewhere = new LeadActivity(LeadActivityKind.Accepted, Guid.NewGuid(), "ana", At("2026-03-02T11:00:00-05:00"));

        Assert.Empty(ClockPolicy.Apply(elsewhere, Started("ana")));
    }

    [Fact]
    public void Due_lists_running_clocks_at_or_past_their_due_time_earliest_first()
    {
        var clocks = Fold(Started("ana"), new LeadActivity(LeadActivityKind.Accepted, Lead, "ana", At("2026-03-02T12:00:00-05:00")));

        Assert.Empty(ClockPolicy.Due(clocks, At("2026-03-02T13:59:59-05:00")));
        Assert.Equal(["first_touch"], ClockPolicy.Due(clocks, At("2026-03-02T14:00:00-05:00")).Select(c => c.ClauseId));
        // The met disposition clock is never due.
        Assert.Equal(["first_touch", "three_touches"], ClockPolicy.Due(clocks, At("2026-04-01T00:00:00Z")).Select(c => c.ClauseId));
    }

    [Fact]
    public void A_breach_records_when_it_fired_and_how_late()
    {
        var clock = Clause(Started("ana"), "first_touch");

        var breached = clock.Breach(clock.DueAt + TimeSpan.FromMilliseconds(350));

        Assert.Equal(ClockState.Breached, breached.State);
        Assert.Equal(TimeSpan.FromMilliseconds(350), breached.Lateness);
    }

    [Fact]
    public void A_clock_cannot_breach_early_or_leave_a_final_state()
    {
        var clock = Clause(Started("ana"), "first_touch");
        var met = clock.Meet(clock.StartedAt);

        Assert.Throws<InvalidOperationException>(() => clock.Breach(clock.DueAt - TimeSpan.FromTicks(1)));
        Assert.Throws<InvalidOperationException>(() => met.Breach(clock.DueAt));
        Assert.Throws<InvalidOperationException>(() => met.Stop(clock.DueAt));
        Assert.Throws<InvalidOperationException>(() => clock.Stop(clock.StartedAt).Meet(clock.DueAt));
    }

    [Fact]
    public void The_first_breach_notifies_the_manager()
    {
        var decision = ClockPolicy.Escalate(Breached("first_touch"), breachNumber: 1);

        Assert.Equal([EscalationAction.NotifyManager], decision.Actions);
        Assert.False(decision.Reassigns);
    }

    [Fact]
    public void The_second_breach_sends_the_lead_back_to_routing()
    {
        var decision = ClockPolicy.Escalate(Breached("three_touches"), breachNumber: 2);

        Assert.Equal([EscalationAction.Reassign], decision.Actions);
        Assert.Contains("breach 2", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unaccepted_lead_past_its_window_is_reassigned_even_on_the_first_breach()
    {
        var decision = ClockPolicy.Escalate(Breached("accept_or_reject"), breachNumber: 1);

        Assert.Equal([EscalationAction.NotifyManager, EscalationAction.Reassign], decision.Actions);
        Assert.Contains("not accepted", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Escalation_needs_a_breached_clock_and_a_breach_number()
    {
        var running = Clause(Started("ana"), "first_touch");

        Assert.Throws<ArgumentException>(() => ClockPolicy.Escalate(running, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClockPolicy.Escalate(Breached("first_touch"), 0));
    }

    private static SlaClock Breached(string clauseId)
    {
        var clock = Clause(Started("ana"), clauseId);
        return clock.Breach(clock.DueAt);
    }
}
