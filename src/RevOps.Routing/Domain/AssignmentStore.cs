using Npgsql;
using NpgsqlTypes;
using RevOps.Contracts.Events;
using RevOps.Routing.Domain.Internal;
using RevOps.ServiceDefaults.Messaging;

namespace RevOps.Routing.Domain;

/// <summary>
/// routingdb, the source of truth: teams, reps and their availability, assignments, the audit trail, and what it takes to
/// rebuild Redis (open load per rep, today's and this week's counts in each rep's zone, the last rotation standing).
/// </summary>
public sealed class AssignmentStore(NpgsqlDataSource dataSource)
{
    private const string UniqueViolation = "23505";

    public ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken) => dataSource.OpenConnectionAsync(cancellationToken);

    public async Task UpsertTeamAsync(Team team, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(team);
        team.Validated();
        await using var command = dataSource.CreateCommand("""
            INSERT INTO teams (id, name, fallback_queue) VALUES ($1, $2, $3)
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, fallback_queue = EXCLUDED.fallback_queue, updated_at = now()
            """);
        command.Parameters.Add(new() { Value = team.Id });
        command.Parameters.Add(new() { Value = (object?)team.Name ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = team.FallbackQueue });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Team>> ListTeamsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, name, fallback_queue FROM teams ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var teams = new List<Team>();
        while (await reader.ReadAsync(cancellationToken))
            teams.Add(new Team { Id = reader.GetString(0), Name = reader.IsDBNull(1) ? null : reader.GetString(1), FallbackQueue = reader.GetString(2) });
        return teams;
    }

    /// <summary>Creates or updates a rep (not their out-of-office windows); the team must exist.</summary>
    public async Task UpsertRepAsync(Rep rep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rep);
        rep.Validated();
        await using var command = dataSource.CreateCommand("""
            INSERT INTO reps (id, team_id, weight, time_zone, working_hours, max_open_leads, daily_cap, weekly_cap, active)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (id) DO UPDATE SET team_id = EXCLUDED.team_id, weight = EXCLUDED.weight, time_zone = EXCLUDED.time_zone,
                working_hours = EXCLUDED.working_hours, max_open_leads = EXCLUDED.max_open_leads, daily_cap = EXCLUDED.daily_cap,
                weekly_cap = EXCLUDED.weekly_cap, active = EXCLUDED.active, updated_at = now()
            """);
        command.Parameters.Add(new() { Value = rep.Id });
        command.Parameters.Add(new() { Value = rep.TeamId });
        command.Parameters.Add(new() { Value = rep.Weight });
        command.Parameters.Add(new() { Value = rep.TimeZoneId });
        command.Parameters.Add(new() { Value = WorkingPeriodJson.Serialize(rep.WorkingHours), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new() { Value = rep.MaxOpenLeads });
        command.Parameters.Add(new() { Value = (object?)rep.DailyCap ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new() { Value = (object?)rep.WeeklyCap ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new() { Value = rep.Active });
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new ArgumentException($"Rep '{rep.Id}' names team '{rep.TeamId}', which does not exist.", nameof(rep), e);
        }
    }

    /// <summary>Replaces the rep's out-of-office windows.</summary>
    public async Task SetOutOfOfficeAsync(string repId, IReadOnlyList<UnavailabilityWindow> windows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(windows);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM reps WHERE id = $1 FOR UPDATE", connection, transaction) { Parameters = { new() { Value = repId } } })
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
                throw new ArgumentException($"Rep '{repId}' does not exist.", nameof(repId));
        await using (var clear = new NpgsqlCommand("DELETE FROM rep_out_of_office WHERE rep_id = $1", connection, transaction) { Parameters = { new() { Value = repId } } })
            await clear.ExecuteNonQueryAsync(cancellationToken);
        foreach (var window in windows)
        {
            await using var insert = new NpgsqlCommand(
                "INSERT INTO rep_out_of_office (rep_id, starts_at, ends_at, reason) VALUES ($1, $2, $3, $4)", connection, transaction)
            {
                Parameters =
                {
                    new() { Value = repId },
                    new() { Value = window.StartsAt.UtcDateTime },
                    new() { Value = window.EndsAt.UtcDateTime },
                    new() { Value = (object?)window.Reason ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                },
            };
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The rep with their out-of-office windows, or null when there is no such rep.</summary>
    public async Task<Rep?> FindRepAsync(string repId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT team_id FROM reps WHERE id = $1");
        command.Parameters.Add(new() { Value = repId });
        if (await command.ExecuteScalarAsync(cancellationToken) is not string teamId)
            return null;
        var roster = await LoadRosterAsync(teamId, cancellationToken);
        return roster.Reps.SingleOrDefault(r => r.Id == repId);
    }

    /// <summary>The team and all its reps with their out-of-office windows; throws when the team does not exist.</summary>
    public async Task<TeamRoster> LoadRosterAsync(string teamId, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        return await ReadRosterAsync(batch, teamId, cancellationToken);
    }

    /// <summary>The roster as <see cref="LoadRosterAsync(string, CancellationToken)"/> reads it, inside a routing decision's transaction.</summary>
    public async Task<TeamRoster> LoadRosterAsync(NpgsqlTransaction transaction, string teamId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        return await ReadRosterAsync(batch, teamId, cancellationToken);
    }

    private static async Task<TeamRoster> ReadRosterAsync(NpgsqlBatch batch, string teamId, CancellationToken cancellationToken)
    {
        // The version first: a change committing while the rest is read makes the roster newer than its version, never older.
        batch.BatchCommands.Add(new("SELECT version FROM roster_version"));
        batch.BatchCommands.Add(new("SELECT id, name, fallback_queue FROM teams WHERE id = $1") { Parameters = { new() { Value = teamId } } });
        batch.BatchCommands.Add(new("""
            SELECT id, weight, time_zone, working_hours::text, max_open_leads, daily_cap, weekly_cap, active FROM reps WHERE team_id = $1 ORDER BY id
            """) { Parameters = { new() { Value = teamId } } });
        batch.BatchCommands.Add(new("""
            SELECT o.rep_id, o.starts_at, o.ends_at, o.reason FROM rep_out_of_office o JOIN reps r ON r.id = o.rep_id
            WHERE r.team_id = $1 ORDER BY o.starts_at
            """) { Parameters = { new() { Value = teamId } } });
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var version = reader.GetInt64(0);

        await reader.NextResultAsync(cancellationToken);

        if (!await reader.ReadAsync(cancellationToken))
            throw new KeyNotFoundException($"Team '{teamId}' does not exist.");
        var team = new Team { Id = reader.GetString(0), Name = reader.IsDBNull(1) ? null : reader.GetString(1), FallbackQueue = reader.GetString(2) };

        await reader.NextResultAsync(cancellationToken);
        var reps = new List<Rep>();
        while (await reader.ReadAsync(cancellationToken))
            reps.Add(new Rep
            {
                Id = reader.GetString(0),
                TeamId = teamId,
                Weight = reader.GetInt32(1),
                TimeZoneId = reader.GetString(2),
                WorkingHours = WorkingPeriodJson.Deserialize(reader.GetString(3)),
                MaxOpenLeads = reader.GetInt32(4),
                DailyCap = reader.IsDBNull(5) ? null : reader.GetInt32(5),
                WeeklyCap = reader.IsDBNull(6) ? null : reader.GetInt32(6),
                Active = reader.GetBoolean(7),
            });

        await reader.NextResultAsync(cancellationToken);
        var windows = new Dictionary<string, List<UnavailabilityWindow>>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var repId = reader.GetString(0);
            if (!windows.TryGetValue(repId, out var list))
                windows[repId] = list = [];
            list.Add(new UnavailabilityWindow(
                reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return new TeamRoster(team, [.. reps.Select(r => windows.TryGetValue(r.Id, out var list) ? r with { OutOfOffice = list } : r)], version);
    }

    /// <summary>
    /// What Redis must hold for the team, from the truth: open leads per rep, leads given today and this ISO week in each rep's
    /// own zone as of <paramref name="now"/>, and the standing of the decision with the highest rotation sequence.
    /// </summary>
    public async Task<TeamState> LoadTeamStateAsync(string teamId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var roster = await LoadRosterAsync(teamId, cancellationToken);
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new("""
            SELECT r.id,
                   count(a.id) FILTER (WHERE a.closed_at IS NULL),
                   count(a.id) FILTER (WHERE (a.assigned_at AT TIME ZONE r.time_zone)::date = ($2::timestamptz AT TIME ZONE r.time_zone)::date),
                   count(a.id) FILTER (WHERE date_trunc('week', a.assigned_at AT TIME ZONE r.time_zone) = date_trunc('week', $2::timestamptz AT TIME ZONE r.time_zone))
            FROM reps r
            LEFT JOIN assignments a ON a.rep_id = r.id
                AND (a.closed_at IS NULL OR a.assigned_at >= $2::timestamptz - interval '8 days')
            WHERE r.team_id = $1
            GROUP BY r.id
            """) { Parameters = { new() { Value = teamId }, new() { Value = now.UtcDateTime } } });
        batch.BatchCommands.Add(new("""
            SELECT rotation_sequence, standing::text FROM routing_decisions
            WHERE team_id = $1 AND rotation_sequence IS NOT NULL ORDER BY rotation_sequence DESC LIMIT 1
            """) { Parameters = { new() { Value = teamId } } });
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);

        var loads = new Dictionary<string, RepLoad>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
            loads[reader.GetString(0)] = new RepLoad((int)reader.GetInt64(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3));

        await reader.NextResultAsync(cancellationToken);
        var (sequence, standing) = await reader.ReadAsync(cancellationToken)
            ? (reader.GetInt64(0), AuditJson.Standing(reader.GetString(1)))
            : (0L, new Dictionary<string, long>());
        return new TeamState(roster.Team, roster.Reps, loads, sequence, standing);
    }

    /// <summary>
    /// Writes the decision in a transaction of its own (see <see cref="RecordAsync(NpgsqlTransaction, IReadOnlyList{RoutingDecision}, CancellationToken)"/>)
    /// and commits it when it was recorded.
    /// </summary>
    public async Task<RecordResult> RecordAsync(RoutingDecision decision, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = (await RecordAsync(transaction, [decision], cancellationToken))[0];
        if (result.Recorded)
            await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// Writes the decisions in <paramref name="transaction"/>, for the caller to commit: closes each lead's open assignment when
    /// reassigning, inserts the new assignments, the audit entries with the rotation standing after each pick, and the
    /// LeadAssigned events into the outbox (for the caller to hand to <see cref="OutboxPublisher"/> once committed), in one round
    /// trip (two when reassigning). When a first routing finds its lead already assigned, the transaction rolls back and every
    /// result says not recorded.
    /// </summary>
    public async Task<IReadOnlyList<RecordResult>> RecordAsync(
        NpgsqlTransaction transaction, IReadOnlyList<RoutingDecision> decisions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(decisions);
        foreach (var decision in decisions)
            if ((decision.ChosenRepId is null) == (decision.FallbackQueue is null))
                throw new ArgumentException("A decision names either a chosen rep or a fallback queue, not both or neither.", nameof(decisions));
        var connection = transaction.Connection ?? throw new InvalidOperationException("The transaction has completed.");

        var closed = new PreviousAssignment?[decisions.Count];
        if (decisions.Any(d => d.IsReassignment))
        {
            await using var close = new NpgsqlBatch(connection, transaction);
            var reassigned = new List<int>();
            for (var i = 0; i < decisions.Count; i++)
            {
                if (!decisions[i].IsReassignment)
                    continue;
                reassigned.Add(i);
                close.BatchCommands.Add(new("""
                    UPDATE assignments SET closed_at = $2, close_reason = 'reassigned'
                    WHERE lead_id = $1 AND closed_at IS NULL
                    RETURNING id, team_id, rep_id
                    """) { Parameters = { new() { Value = decisions[i].LeadId }, new() { Value = decisions[i].DecidedAt.UtcDateTime } } });
            }
            await using var reader = await close.ExecuteReaderAsync(cancellationToken);
            foreach (var i in reassigned)
            {
                if (await reader.ReadAsync(cancellationToken))
                    closed[i] = new PreviousAssignment(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
                await reader.NextResultAsync(cancellationToken);
            }
        }

        var n = decisions.Count;
        var results = new RecordResult[n];
        var events = new List<(Guid, object)>(n);
        var (assignmentIds, leadIds, decisionIds) = (new Guid[n], new Guid[n], new Guid[n]);
        var (teams, reps, queues, ruleIds, reasons, previousReps) = (new string[n], new string?[n], new string?[n], new string?[n], new string[n], new string?[n]);
        var (versions, at, reassigning, previousIds) = (new int[n], new DateTime[n], new bool[n], new Guid?[n]);
        var (leads, candidates, sequences, standings) = (new string[n], new string[n], new long?[n], new string?[n]);
        for (var i = 0; i < n; i++)
        {
            var decision = decisions[i];
            var previous = closed[i];
            var assignmentId = Guid.CreateVersion7(decision.DecidedAt);
            var assigned = new LeadAssigned
            {
                EventId = Guid.CreateVersion7(decision.DecidedAt),
                OccurredAt = decision.DecidedAt,
                ContractVersion = decision.ContractVersion,
                LeadId = decision.LeadId,
                AssignmentId = assignmentId,
                TeamId = decision.TeamId,
                OwnerRepId = decision.ChosenRepId,
                FallbackQueue = decision.FallbackQueue,
                MatchedRuleId = decision.RuleId,
                IsReassignment = decision.IsReassignment,
                PreviousOwnerRepId = previous?.RepId ?? decision.PreviousOwnerRepId,
                Reason = decision.Reason,
            };
            (assignmentIds[i], leadIds[i], decisionIds[i]) = (assignmentId, decision.LeadId, decision.DecisionId);
            (teams[i], reps[i], queues[i], ruleIds[i], reasons[i]) = (decision.TeamId, decision.ChosenRepId, decision.FallbackQueue, decision.RuleId, decision.Reason);
            (versions[i], at[i], reassigning[i], previousIds[i]) = (decision.ContractVersion, decision.DecidedAt.UtcDateTime, decision.IsReassignment, previous?.AssignmentId);
            previousReps[i] = assigned.PreviousOwnerRepId;
            (leads[i], candidates[i]) = (AuditJson.Lead(decision.Lead), AuditJson.Candidates(decision.Candidates));
            // A fallback-queue decision took no turn in the rotation: it carries no standing.
            if (decision.RotationSequence > 0)
                (sequences[i], standings[i]) = (decision.RotationSequence, AuditJson.Standing(decision.Standing));
            events.Add((assigned.EventId, assigned));
            results[i] = new RecordResult(true, assignmentId, assigned, previous);
        }

        // One statement per table for the whole batch.
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new("""
                    INSERT INTO assignments (id, lead_id, team_id, rep_id, fallback_queue, rule_id, contract_version, reason, previous_assignment_id, assigned_at)
                    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::uuid[], $10::timestamptz[])
                    """)
                {
                    Parameters =
                    {
                        new() { Value = assignmentIds }, new() { Value = leadIds }, new() { Value = teams }, Texts(reps), Texts(queues), Texts(ruleIds),
                        new() { Value = versions }, new() { Value = reasons }, new() { Value = previousIds }, new() { Value = at },
                    },
                },
                new("""
                    INSERT INTO routing_decisions (id, lead_id, assignment_id, decided_at, contract_version, team_id, rule_id, chosen_rep_id,
                        fallback_queue, reason, is_reassignment, previous_rep_id, lead_attributes, candidates, rotation_sequence, standing)
                    SELECT id, lead_id, assignment_id, decided_at, contract_version, team_id, rule_id, chosen_rep_id, fallback_queue, reason,
                        is_reassignment, previous_rep_id, lead_attributes::jsonb, candidates::jsonb, rotation_sequence, standing::jsonb
                    FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[],
                        $10::text[], $11::bool[], $12::text[], $13::text[], $14::text[], $15::bigint[], $16::text[])
                        AS d(id, lead_id, assignment_id, decided_at, contract_version, team_id, rule_id, chosen_rep_id, fallback_queue, reason,
                            is_reassignment, previous_rep_id, lead_attributes, candidates, rotation_sequence, standing)
                    """)
                {
                    Parameters =
                    {
                        new() { Value = decisionIds }, new() { Value = leadIds }, new() { Value = assignmentIds }, new() { Value = at },
                        new() { Value = versions }, new() { Value = teams }, Texts(ruleIds), Texts(reps), Texts(queues), new() { Value = reasons },
                        new() { Value = reassigning }, Texts(previousReps), new() { Value = leads }, new() { Value = candidates },
                        new() { Value = sequences }, Texts(standings),
                    },
                },
            },
        };
        Outbox.Enqueue(batch, events, publishedAfterCommit: true);
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == UniqueViolation && e.ConstraintName == "assignments_one_open_per_lead")
        {
            await transaction.RollbackAsync(cancellationToken);
            return [.. decisions.Select(_ => new RecordResult(false, Guid.Empty, null, null))];
        }
        return results;
    }

    /// <summary>
    /// The first round trip of routing a batch of leads, in its <paramref name="transaction"/>: waits until no other decision on
    /// any of the leads is in flight, claims the inbox row of each message being handled, and reads the leads' open assignments
    /// and the roster version.
    /// </summary>
    public async Task<RoutingStart> StartRoutingAsync(
        NpgsqlTransaction transaction, IReadOnlyList<(Guid LeadId, (Guid MessageId, string Consumer)? Inbox)> requests,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(requests);
        var leads = requests.Select(r => r.LeadId).Distinct().ToArray();
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        // Two copies of a LeadQualified racing on two replicas take turns, so the second sees the first one's assignment. The
        // locks are taken in key order, so two batches sharing leads wait for each other instead of deadlocking.
        batch.BatchCommands.Add(new("""
            SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT DISTINCT hashtextextended(l::text, 0) AS k FROM unnest($1::uuid[]) l ORDER BY k) s
            """) { Parameters = { new() { Value = leads } } });
        var inbox = requests.Where(r => r.Inbox is not null).Select(r => r.Inbox!.Value).ToArray();
        if (inbox.Length > 0)
            batch.BatchCommands.Add(Inbox.ClaimAll(inbox));
        batch.BatchCommands.Add(new($"SELECT {AssignmentColumns} FROM assignments WHERE lead_id = ANY($1) AND closed_at IS NULL")
        {
            Parameters = { new() { Value = leads } },
        });
        batch.BatchCommands.Add(new("SELECT version FROM roster_version"));

        var claimed = new HashSet<(Guid, string)>();
        var open = new Dictionary<Guid, Assignment>();
        long rosterVersion;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            await reader.NextResultAsync(cancellationToken); // past the locks
            if (inbox.Length > 0)
            {
                while (await reader.ReadAsync(cancellationToken))
                    claimed.Add((reader.GetGuid(0), reader.GetString(1)));
                await reader.NextResultAsync(cancellationToken);
            }
            while (await reader.ReadAsync(cancellationToken))
            {
                var assignment = ReadAssignment(reader);
                open[assignment.LeadId] = assignment;
            }
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            rosterVersion = reader.GetInt64(0);
        }
        // A message twice in one batch is claimed once: the first copy routes, the second counts as handled already.
        return new RoutingStart([.. requests.Select(r => r.Inbox is not { } message || claimed.Remove(message))], open, rosterVersion);
    }

    /// <summary>The lead's open assignment, if any.</summary>
    public async Task<Assignment?> FindOpenAssignmentAsync(Guid leadId, CancellationToken cancellationToken) =>
        (await ListAsync("WHERE lead_id = $1 AND closed_at IS NULL", [new() { Value = leadId }], 1, cancellationToken)).SingleOrDefault();

    /// <summary>
    /// Closes the lead's open assignment when its owner accepted or rejected it; returns the closed assignment (its rep's load
    /// must fall in Redis), or null when there was none, e.g. a redelivered disposition.
    /// </summary>
    public async Task<Assignment?> CloseAsync(Guid leadId, string closeReason, DateTimeOffset closedAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(closeReason);
        await using var command = dataSource.CreateCommand($"""
            UPDATE assignments SET closed_at = $2, close_reason = $3 WHERE lead_id = $1 AND closed_at IS NULL
            RETURNING {AssignmentColumns}
            """);
        command.Parameters.Add(new() { Value = leadId });
        command.Parameters.Add(new() { Value = closedAt.UtcDateTime });
        command.Parameters.Add(new() { Value = closeReason });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadAssignment(reader) : null;
    }

    public Task<IReadOnlyList<Assignment>> ListAssignmentsAsync(AssignmentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > 10_000)
            throw new ArgumentException($"Limit {query.Limit} is outside 1..10000.", nameof(query));
        return ListAsync("""
            WHERE ($1::text IS NULL OR rep_id = $1) AND ($2::text IS NULL OR team_id = $2)
              AND ($3::timestamptz IS NULL OR assigned_at >= $3) AND ($4::timestamptz IS NULL OR assigned_at < $4)
              AND (NOT $5 OR closed_at IS NULL)
            """,
            [Text(query.RepId), Text(query.TeamId), Time(query.From), Time(query.To), new() { Value = query.OpenOnly }],
            query.Limit, cancellationToken);
    }

    /// <summary>The audit trail of a lead: every routing decision made for it, oldest first.</summary>
    public async Task<IReadOnlyList<RoutingDecision>> ExplainAsync(Guid leadId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, decided_at, contract_version, team_id, rule_id, chosen_rep_id, fallback_queue, reason, is_reassignment,
                   previous_rep_id, lead_attributes::text, candidates::text
            FROM routing_decisions WHERE lead_id = $1 ORDER BY decided_at, id
            """);
        command.Parameters.Add(new() { Value = leadId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var decisions = new List<RoutingDecision>();
        while (await reader.ReadAsync(cancellationToken))
            decisions.Add(new RoutingDecision
            {
                DecisionId = reader.GetGuid(0),
                LeadId = leadId,
                DecidedAt = reader.GetFieldValue<DateTimeOffset>(1),
                ContractVersion = reader.GetInt32(2),
                TeamId = reader.GetString(3),
                RuleId = reader.IsDBNull(4) ? null : reader.GetString(4),
                ChosenRepId = reader.IsDBNull(5) ? null : reader.GetString(5),
                FallbackQueue = reader.IsDBNull(6) ? null : reader.GetString(6),
                Reason = reader.GetString(7),
                IsReassignment = reader.GetBoolean(8),
                PreviousOwnerRepId = reader.IsDBNull(9) ? null : reader.GetString(9),
                Lead = AuditJson.Lead(reader.GetString(10)),
                Candidates = AuditJson.Candidates(reader.GetString(11)),
            });
        return decisions;
    }

    private const string AssignmentColumns =
        "id, lead_id, team_id, rep_id, fallback_queue, rule_id, contract_version, reason, assigned_at, closed_at, close_reason";

    private async Task<IReadOnlyList<Assignment>> ListAsync(string where, NpgsqlParameter[] parameters, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {AssignmentColumns} FROM assignments {where} ORDER BY assigned_at, id LIMIT {limit}");
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var assignments = new List<Assignment>();
        while (await reader.ReadAsync(cancellationToken))
            assignments.Add(ReadAssignment(reader));
        return assignments;
    }

    private static Assignment ReadAssignment(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.GetInt32(6), reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8),
        reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9), reader.IsDBNull(10) ? null : reader.GetString(10));

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Texts(string?[] values) => new() { Value = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    private static NpgsqlParameter Time(DateTimeOffset? value) =>
        new() { Value = (object?)value?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };
}
