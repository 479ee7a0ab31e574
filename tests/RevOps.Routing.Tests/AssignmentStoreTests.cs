using Npgsql;
using RevOps.Routing.Domain;
using RevOps.Routing.Tests.Infrastructure;
using static RevOps.Routing.Tests.TestReps;

namespace RevOps.Routing.Tests;

public sealed class AssignmentStoreTests(PostgresServer postgres)
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 15, 30, 0, TimeSpan.Zero);
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private AssignmentStore Store => new(postgres.DataSource);

    [Fact]
    public async Task Reps_round_trip_with_working_hours_caps_and_out_of_office_windows()
    {
        var team = await NewTeamAsync();
        var rep = Rep(Id("rep"), weight: 3, maxOpen: 7, team: team.Id, zone: "America/Los_Angeles") with
        {
            WorkingHours = [.. Weekdays(8, 16), new WorkingPeriod(DayOfWeek.Saturday, new TimeOnly(22, 0), new TimeOnly(2, 0))],
            DailyCap = 4,
            WeeklyCap = 15,
        };
        var window = new UnavailabilityWindow(Monday, Monday.AddDays(2), "offsite");

        await Store.UpsertRepAsync(rep, Cancel);
        await Store.UpsertRepAsync(Rep(Id("inactive"), team: team.Id) with { Active = false }, Cancel);
        await Store.SetOutOfOfficeAsync(rep.Id, [window], Cancel);
        var roster = await Store.LoadRosterAsync(team.Id, Cancel);

        var loaded = roster.Reps.Single(r => r.Id == rep.Id);
        Assert.Equal(team, roster.Team);
        Assert.Equal(rep.WorkingHours, loaded.WorkingHours);
        Assert.Equal((3, 7, 4, 15, "America/Los_Angeles"), (loaded.Weight, loaded.MaxOpenLeads, loaded.DailyCap, loaded.WeeklyCap, loaded.TimeZoneId));
        Assert.Equal([window], loaded.OutOfOffice);
        Assert.False(roster.Reps.Single(r => r.Id != rep.Id).Active);
        Assert.Contains(team, await Store.ListTeamsAsync(Cancel));
    }

    [Fact]
    public async Task Bad_references_get_clear_errors()
    {
        Assert.Contains("does not exist", (await Assert.ThrowsAsync<ArgumentException>(
            () => Store.UpsertRepAsync(Rep(Id("rep"), team: "no-such-team"), Cancel))).Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", (await Assert.ThrowsAsync<ArgumentException>(
            () => Store.SetOutOfOfficeAsync("no-such-rep", [], Cancel))).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.LoadRosterAsync("no-such-team", Cancel));
    }

    [Fact]
    public async Task Recording_writes_assignment_audit_standing_and_the_event_in_one_go()
    {
        var team = await NewTeamAsync();
        var (a, b) = (Id("a"), Id("b"));
        await Store.UpsertRepAsync(Rep(a, team: team.Id), Cancel);
        await Store.UpsertRepAsync(Rep(b, team: team.Id), Cancel);
        var decision = Decision(team, chosen: a, candidates:
            [new(a, Verdict.Chosen, "open leads 0 of 5 before this one"), new(b, Verdict.Unavailable, "outside working hours: Monday 07:30 in America/Chicago")]) with
        {
            RotationSequence = 3,
            Standing = new Dictionary<string, long> { [a] = -10, [b] = 10 },
        };

        var result = await Store.RecordAsync(decision, Cancel);

        Assert.True(result.Recorded);
        Assert.Equal((decision.LeadId, a, (string?)null, "rule-1", 4, false), (result.Event!.LeadId, result.Event.OwnerRepId, result.Event.FallbackQueue, result.Event.MatchedRuleId, result.Event.ContractVersion, result.Event.IsReassignment));
        var audit = Assert.Single(await Store.ExplainAsync(decision.LeadId, Cancel));
        Assert.Equal(decision.Candidates, audit.Candidates);
        Assert.Equal((decision.DecisionId, "rule-1", a, "qualified"), (audit.DecisionId, audit.RuleId, audit.ChosenRepId, audit.Reason));
        Assert.Equal(decision.Lead.Country, audit.Lead.Country);
        Assert.Equal(decision.Lead.CustomFields, audit.Lead.CustomFields);
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM outbox WHERE message_id = $1", result.Event.EventId));
        var state = await Store.LoadTeamStateAsync(team.Id, Monday, Cancel);
        Assert.Equal((3L, -10L), (state.Sequence, state.Standing[a]));
        Assert.Equal(new RepLoad(1, 1, 1), state.Loads[a]);
    }

    [Fact]
    public async Task Routing_a_lead_that_already_has_an_open_assignment_writes_nothing()
    {
        var team = await NewTeamAsync();
        var rep = Id("rep");
        await Store.UpsertRepAsync(Rep(rep, team: team.Id), Cancel);
        var first = Decision(team, chosen: rep);

        Assert.True((await Store.RecordAsync(first, Cancel)).Recorded);
        var again = await Store.RecordAsync(first with { DecisionId = Guid.NewGuid() }, Cancel);

        Assert.False(again.Recorded);
        Assert.Null(again.Event);
        Assert.Single(await Store.ExplainAsync(first.LeadId, Cancel));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM outbox WHERE body->>'leadId' = $1", first.LeadId.ToString()));
    }

    [Fact]
    public async Task Concurrent_first_routings_of_one_lead_record_exactly_one_assignment()
    {
        var team = await NewTeamAsync();
        var rep = Id("rep");
        await Store.UpsertRepAsync(Rep(rep, team: team.Id), Cancel);
        var decision = Decision(team, chosen: rep);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Store.RecordAsync(decision with { DecisionId = Guid.NewGuid() }, Cancel)));

        Assert.Single(results, r => r.Recorded);
        Assert.Single(await Store.ListAssignmentsAsync(new AssignmentQuery { TeamId = team.Id }, Cancel));
    }

    [Fact]
    public async Task Reassigning_closes_the_open_assignment_and_names_the_previous_owner()
    {
        var team = await NewTeamAsync();
        var (first, second) = (Id("first"), Id("second"));
        await Store.UpsertRepAsync(Rep(first, team: team.Id), Cancel);
        await Store.UpsertRepAsync(Rep(second, team: team.Id), Cancel);
        var original = Decision(team, chosen: first);
        var before = await Store.RecordAsync(original, Cancel);

        var moved = await Store.RecordAsync(original with
        {
            DecisionId = Guid.NewGuid(), ChosenRepId = second, IsReassignment = true, Reason = "escalated:first_touch", DecidedAt = Monday.AddHours(4),
        }, Cancel);

        Assert.True(moved.Recorded);
        Assert.Equal(new PreviousAssignment(before.AssignmentId, team.Id, first), moved.Closed);
        Assert.Equal((true, first, "escalated:first_touch"), (moved.Event!.IsReassignment, moved.Event.PreviousOwnerRepId, moved.Event.Reason));
        var history = await Store.ListAssignmentsAsync(new AssignmentQuery { TeamId = team.Id }, Cancel);
        Assert.Equal([(first, "reassigned"), (second, (string?)null)], history.Select(h => (h.RepId, h.CloseReason)));
        Assert.Equal([first, second], (await Store.ExplainAsync(original.LeadId, Cancel)).Select(d => d.ChosenRepId));
    }

    [Fact]
    public async Task Queued_leads_are_recorded_against_the_fallback_queue()
    {
        var team = await NewTeamAsync();
        var result = await Store.RecordAsync(Decision(team, chosen: null), Cancel);

        Assert.Equal((null, team.FallbackQueue), (result.Event!.OwnerRepId, result.Event.FallbackQueue));
        Assert.Equal(team.FallbackQueue, (await Store.FindOpenAssignmentAsync(result.Event.LeadId, Cancel))!.FallbackQueue);
    }

    [Fact]
    public async Task Accepting_or_rejecting_closes_the_assignment_once_and_drops_the_open_load()
    {
        var team = await NewTeamAsync();
        var rep = Id("rep");
        await Store.UpsertRepAsync(Rep(rep, team: team.Id), Cancel);
        var accepted = Decision(team, chosen: rep);
        var rejected = Decision(team, chosen: rep);
        await Store.RecordAsync(accepted, Cancel);
        await Store.RecordAsync(rejected, Cancel);
        Assert.Equal(2, (await Store.LoadTeamStateAsync(team.Id, Monday, Cancel)).Loads[rep].OpenLeads);

        var closed = await Store.CloseAsync(accepted.LeadId, "accepted", Monday.AddHours(1), Cancel);
        var repeated = await Store.CloseAsync(accepted.LeadId, "accepted", Monday.AddHours(2), Cancel);
        await Store.CloseAsync(rejected.LeadId, "rejected:no_fit", Monday.AddHours(1), Cancel);

        Assert.Equal((rep, "accepted"), (closed!.RepId, closed.CloseReason));
        Assert.Null(repeated);
        Assert.Equal(new RepLoad(0, 2, 2), (await Store.LoadTeamStateAsync(team.Id, Monday, Cancel)).Loads[rep]);
    }

    [Fact]
    public async Task Day_and_week_counts_for_the_rebuild_follow_each_reps_time_zone()
    {
        var team = await NewTeamAsync();
        var (tokyo, london) = (Id("tokyo"), Id("london"));
        await Store.UpsertRepAsync(Rep(tokyo, team: team.Id, zone: "Asia/Tokyo"), Cancel);
        await Store.UpsertRepAsync(Rep(london, team: team.Id, zone: "Europe/London"), Cancel);
        // 14:00 UTC Monday is 23:00 Monday in Tokyo; by 15:30 UTC Tokyo is on Tuesday while London is still on Monday.
        foreach (var rep in new[] { tokyo, london })
            await Store.RecordAsync(Decision(team, chosen: rep) with { DecidedAt = Monday.AddMinutes(-90) }, Cancel);
        // Sunday 22:00 UTC is Monday 07:00 in Tokyo (this ISO week) but still last week in London.
        foreach (var rep in new[] { tokyo, london })
            await Store.RecordAsync(Decision(team, chosen: rep) with { DecidedAt = new DateTimeOffset(2026, 11, 22, 22, 0, 0, TimeSpan.Zero) }, Cancel);

        var loads = (await Store.LoadTeamStateAsync(team.Id, Monday, Cancel)).Loads;

        Assert.Equal(new RepLoad(2, 0, 2), loads[tokyo]);
        Assert.Equal(new RepLoad(2, 1, 1), loads[london]);
    }

    [Fact]
    public async Task A_rebuild_takes_the_standing_of_the_highest_sequence_not_the_last_written()
    {
        var team = await NewTeamAsync();
        var rep = Id("rep");
        await Store.UpsertRepAsync(Rep(rep, team: team.Id), Cancel);

        await Store.RecordAsync(Decision(team, chosen: rep) with { RotationSequence = 9, Standing = new Dictionary<string, long> { [rep] = 9 } }, Cancel);
        await Store.RecordAsync(Decision(team, chosen: rep) with { RotationSequence = 8, Standing = new Dictionary<string, long> { [rep] = 8 } }, Cancel);

        var state = await Store.LoadTeamStateAsync(team.Id, Monday, Cancel);
        Assert.Equal((9L, 9L), (state.Sequence, state.Standing[rep]));
    }

    [Fact]
    public async Task Every_change_to_a_team_its_reps_or_their_time_off_moves_the_roster_version_on()
    {
        var team = await NewTeamAsync();
        var rep = Rep(Id("rep"), team: team.Id);
        var versions = new List<long> { (await Store.LoadRosterAsync(team.Id, Cancel)).Version };

        await Store.UpsertRepAsync(rep, Cancel);
        versions.Add((await Store.LoadRosterAsync(team.Id, Cancel)).Version);
        await Store.SetOutOfOfficeAsync(rep.Id, [new UnavailabilityWindow(Monday, Monday.AddDays(1), "offsite")], Cancel);
        versions.Add((await Store.LoadRosterAsync(team.Id, Cancel)).Version);
        await Store.UpsertTeamAsync(team with { FallbackQueue = "elsewhere" }, Cancel);
        versions.Add((await Store.LoadRosterAsync(team.Id, Cancel)).Version);

        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Count, versions.Distinct().Count());
    }

    [Fact]
    public async Task Assignments_can_be_listed_by_rep_team_and_time()
    {
        var team = await NewTeamAsync();
        var (a, b) = (Id("a"), Id("b"));
        await Store.UpsertRepAsync(Rep(a, team: team.Id), Cancel);
        await Store.UpsertRepAsync(Rep(b, team: team.Id), Cancel);
        for (var hour = 0; hour < 4; hour++)
            await Store.RecordAsync(Decision(team, chosen: hour % 2 == 0 ? a : b) with { DecidedAt = Monday.AddHours(hour) }, Cancel);

        var byRep = await Store.ListAssignmentsAsync(new AssignmentQuery { RepId = a }, Cancel);
        var byTime = await Store.ListAssignmentsAsync(new AssignmentQuery { TeamId = team.Id, From = Monday.AddHours(1), To = Monday.AddHours(3) }, Cancel);
        var limited = await Store.ListAssignmentsAsync(new AssignmentQuery { TeamId = team.Id, Limit = 1 }, Cancel);

        Assert.Equal([Monday, Monday.AddHours(2)], byRep.Select(x => x.AssignedAt));
        Assert.Equal([b, a], byTime.Select(x => x.RepId));
        Assert.Equal(Monday, Assert.Single(limited).AssignedAt);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ListAssignmentsAsync(new AssignmentQuery { Limit = 0 }, Cancel));
    }

    private static string Id(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    private async Task<Team> NewTeamAsync()
    {
        var team = new Team { Id = Id("team"), Name = "Inbound", FallbackQueue = "inbound-queue" };
        await Store.UpsertTeamAsync(team, Cancel);
        return team;
    }

    private static RoutingDecision Decision(Team team, string? chosen, IReadOnlyList<CandidateVerdict>? candidates = null) => new()
    {
        DecisionId = Guid.NewGuid(),
        LeadId = Guid.NewGuid(),
        ContractVersion = 4,
        DecidedAt = Monday,
        TeamId = team.Id,
        RuleId = "rule-1",
        ChosenRepId = chosen,
        FallbackQueue = chosen is null ? team.FallbackQueue : null,
        Reason = "qualified",
        Lead = new LeadAttributes { Country = "DE", Score = 72, CustomFields = new Dictionary<string, string> { ["tier"] = "gold" } },
        Candidates = candidates ?? (chosen is null ? [] : [new CandidateVerdict(chosen, Verdict.Chosen, "open leads 0 of 5 before this one")]),
    };

    private async Task<T> ScalarAsync<T>(string sql, object parameter)
    {
        await using var command = postgres.DataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return (T)(await command.ExecuteScalarAsync(Cancel))!;
    }
}
