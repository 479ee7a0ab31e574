using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;
using RevOps.Contracts.Events;
using RevOps.Reporting.Data;
using RevOps.ServiceDefaults;

namespace RevOps.Reporting.Domain;

/// <summary>
/// lead_facts and breach_facts in reportingdb. A batch of events is merged per lead and per breach in C#
/// (<see cref="LeadFactProjector.ProjectAll"/>), then written with one multi-row upsert per table that runs the same merge
/// in SQL against the stored row: LEAST for stage times, GREATEST for the contract version, and for each column group the
/// row with the winning (time, event id). Either way round gives the same fact, so batches may split events anyhow.
/// </summary>
public sealed class LeadFactStore(NpgsqlDataSource dataSource)
{
    private const string LeadColumns = """
        lead_id, contract_version, captured_at, capture_event_id, source, campaign, segment, marketing_sourced,
        marketing_influenced, scored_at, score_event_id, fit_score, behaviour_score, total_score, icp_fit, mql_at,
        assigned_at, owner_since, owner_event_id, team_id, owner_rep_id, first_touch_at, first_touch_due_at,
        first_touch_breached_at, first_breach_at, accepted_at, rejected_at, rejection_event_id, rejection_reason,
        sao_at, opportunity_at, won_at, lost_at, opportunity_updated_at, opportunity_event_id, opportunity_id,
        opportunity_stage, outcome, amount, currency
        """;

    private const string BreachColumns = """
        breach_id, lead_id, contract_version, clause_id, owner_rep_id, team_id, due_at, breached_at, lateness_us,
        breach_number, reason_at, reason_event_id, reason
        """;

    /// <summary>A lead_facts row matching the filter bound as $1..$6 by <see cref="AddFilterParameters"/>.</summary>
    private const string FilterSql = """
        ($1::text IS NULL OR source = $1) AND ($2::text IS NULL OR campaign = $2) AND ($3::text IS NULL OR segment = $3)
          AND ($4::text IS NULL OR team_id = $4) AND ($5::text IS NULL OR owner_rep_id = $5) AND ($6::int IS NULL OR contract_version = $6)
        """;

    // One row per lead from parameter arrays (unnest keeps their order). "Earliest wins" groups sort ascending, "latest wins"
    // descending; NULLS LAST lets a missing group lose.
    private const string UpsertLead = """
        INSERT INTO lead_facts AS f (
            lead_id, contract_version, captured_at, capture_event_id, source, campaign, segment, marketing_sourced,
            marketing_influenced, scored_at, score_event_id, fit_score, behaviour_score, total_score, icp_fit, mql_at,
            assigned_at, owner_since, owner_event_id, team_id, owner_rep_id, first_touch_at, first_touch_due_at,
            first_touch_breached_at, first_breach_at, accepted_at, rejected_at, rejection_event_id, rejection_reason,
            sao_at, opportunity_at, won_at, lost_at, opportunity_updated_at, opportunity_event_id, opportunity_id,
            opportunity_stage, outcome, amount, currency)
        SELECT * FROM unnest(
            @lead_id, @contract_version, @captured_at, @capture_event_id, @source, @campaign, @segment, @marketing_sourced,
            @marketing_influenced, @scored_at, @score_event_id, @fit_score, @behaviour_score, @total_score, @icp_fit, @mql_at,
            @assigned_at, @owner_since, @owner_event_id, @team_id, @owner_rep_id, @first_touch_at, @first_touch_due_at,
            @first_touch_breached_at, @first_breach_at, @accepted_at, @rejected_at, @rejection_event_id, @rejection_reason,
            @sao_at, @opportunity_at, @won_at, @lost_at, @opportunity_updated_at, @opportunity_event_id, @opportunity_id,
            @opportunity_stage, @outcome, @amount, @currency)
        ON CONFLICT (lead_id) DO UPDATE SET
            contract_version = GREATEST(f.contract_version, EXCLUDED.contract_version),
            (captured_at, capture_event_id, source, campaign, segment, marketing_sourced) = (
                SELECT * FROM (VALUES
                    (EXCLUDED.captured_at, EXCLUDED.capture_event_id, EXCLUDED.source, EXCLUDED.campaign, EXCLUDED.segment, EXCLUDED.marketing_sourced),
                    (f.captured_at, f.capture_event_id, f.source, f.campaign, f.segment, f.marketing_sourced)) AS g (t, id, a, b, c, d)
                ORDER BY t ASC NULLS LAST, id ASC LIMIT 1),
            marketing_influenced = f.marketing_influenced OR EXCLUDED.marketing_influenced,
            (scored_at, score_event_id, fit_score, behaviour_score, total_score, icp_fit) = (
                SELECT * FROM (VALUES
                    (EXCLUDED.scored_at, EXCLUDED.score_event_id, EXCLUDED.fit_score, EXCLUDED.behaviour_score, EXCLUDED.total_score, EXCLUDED.icp_fit),
                    (f.scored_at, f.score_event_id, f.fit_score, f.behaviour_score, f.total_score, f.icp_fit)) AS g (t, id, a, b, c, d)
                ORDER BY t DESC NULLS LAST, id DESC LIMIT 1),
            mql_at = LEAST(f.mql_at, EXCLUDED.mql_at),
            assigned_at = LEAST(f.assigned_at, EXCLUDED.assigned_at),
            (owner_since, owner_event_id, team_id, owner_rep_id) = (
                SELECT * FROM (VALUES
                    (EXCLUDED.owner_since, EXCLUDED.owner_event_id, EXCLUDED.team_id, EXCLUDED.owner_rep_id),
                    (f.owner_since, f.owner_event_id, f.team_id, f.owner_rep_id)) AS g (t, id, a, b)
                ORDER BY t DESC NULLS LAST, id DESC LIMIT 1),
            first_touch_at = LEAST(f.first_touch_at, EXCLUDED.first_touch_at),
            first_touch_due_at = LEAST(f.first_touch_due_at, EXCLUDED.first_touch_due_at),
            first_touch_breached_at = LEAST(f.first_touch_breached_at, EXCLUDED.first_touch_breached_at),
            first_breach_at = LEAST(f.first_breach_at, EXCLUDED.first_breach_at),
            accepted_at = LEAST(f.accepted_at, EXCLUDED.accepted_at),
            (rejected_at, rejection_event_id, rejection_reason) = (
                SELECT * FROM (VALUES
                    (EXCLUDED.rejected_at, EXCLUDED.rejection_event_id, EXCLUDED.rejection_reason),
                    (f.rejected_at, f.rejection_event_id, f.rejection_reason)) AS g (t, id, a)
                ORDER BY t ASC NULLS LAST, id ASC LIMIT 1),
            sao_at = LEAST(f.sao_at, EXCLUDED.sao_at),
            opportunity_at = LEAST(f.opportunity_at, EXCLUDED.opportunity_at),
            won_at = LEAST(f.won_at, EXCLUDED.won_at),
            lost_at = LEAST(f.lost_at, EXCLUDED.lost_at),
            (opportunity_updated_at, opportunity_event_id, opportunity_id, opportunity_stage, outcome, amount, currency) = (
                SELECT * FROM (VALUES
                    (EXCLUDED.opportunity_updated_at, EXCLUDED.opportunity_event_id, EXCLUDED.opportunity_id, EXCLUDED.opportunity_stage,
                     EXCLUDED.outcome, EXCLUDED.amount, EXCLUDED.currency),
                    (f.opportunity_updated_at, f.opportunity_event_id, f.opportunity_id, f.opportunity_stage,
                     f.outcome, f.amount, f.currency)) AS g (t, id, a, b, c, d, e)
                ORDER BY t DESC NULLS LAST, id DESC LIMIT 1)
        """;

    private const string UpsertBreach = """
        INSERT INTO breach_facts AS b (
            breach_id, lead_id, contract_version, clause_id, owner_rep_id, team_id, due_at, breached_at, lateness_us,
            breach_number, reason_at, reason_event_id, reason)
        SELECT * FROM unnest(
            @b_breach_id, @b_lead_id, @b_contract_version, @b_clause_id, @b_owner_rep_id, @b_team_id, @b_due_at, @b_breached_at,
            @b_lateness_us, @b_breach_number, @b_reason_at, @b_reason_event_id, @b_reason)
        ON CONFLICT (breach_id) DO UPDATE SET
            contract_version = GREATEST(b.contract_version, EXCLUDED.contract_version),
            clause_id = COALESCE(b.clause_id, EXCLUDED.clause_id),
            owner_rep_id = COALESCE(b.owner_rep_id, EXCLUDED.owner_rep_id),
            team_id = COALESCE(b.team_id, EXCLUDED.team_id),
            due_at = COALESCE(b.due_at, EXCLUDED.due_at),
            breached_at = LEAST(b.breached_at, EXCLUDED.breached_at),
            lateness_us = COALESCE(b.lateness_us, EXCLUDED.lateness_us),
            breach_number = COALESCE(b.breach_number, EXCLUDED.breach_number),
            (reason_at, reason_event_id, reason) = (
                SELECT * FROM (VALUES
                    (EXCLUDED.reason_at, EXCLUDED.reason_event_id, EXCLUDED.reason),
                    (b.reason_at, b.reason_event_id, b.reason)) AS g (t, id, a)
                ORDER BY t DESC NULLS LAST, id DESC LIMIT 1)
        """;

    private const string ClaimInbox = """
        INSERT INTO inbox (message_id, consumer) SELECT * FROM unnest($1::uuid[], $2::text[])
        ON CONFLICT DO NOTHING RETURNING message_id, consumer
        """;

    private const string NotifyFactsChanged = $"SELECT pg_notify('{FactMirror.Channel}', p) FROM unnest($1::text[]) p";

    /// <summary>
    /// A batch of messages in one transaction: claims each message id for its consumer in the inbox, applies the events of
    /// the newly claimed ones (a message handled before, or twice in the batch, counts once), and NOTIFYs the changed leads on commit.
    /// </summary>
    /// <returns>How many lead facts changed (none when every message was handled already or unread by reporting).</returns>
    public async Task<int> ApplyAsync(IReadOnlyCollection<InboxMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        // Claims in key order, so concurrent batches that share a redelivered message cannot deadlock on the inbox.
        var claims = messages.Select(m => (m.MessageId, m.Consumer)).Distinct()
            .OrderBy(c => c.MessageId).ThenBy(c => c.Consumer, StringComparer.Ordinal).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var claimed = new HashSet<(Guid, string)>();
        await using (var claim = new NpgsqlCommand(ClaimInbox, connection, transaction))
        {
            claim.Parameters.Add(new NpgsqlParameter { Value = claims.Select(c => c.MessageId).ToArray() });
            claim.Parameters.Add(new NpgsqlParameter { Value = claims.Select(c => c.Consumer).ToArray() });
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                claimed.Add((reader.GetGuid(0), reader.GetString(1)));
        }
        // Remove, not Contains: of two copies of one message in the batch only the first is applied.
        var fresh = messages.Where(m => claimed.Remove((m.MessageId, m.Consumer))).Select(m => m.Event);
        var changed = await UpsertAsync(connection, transaction, fresh, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    /// <summary>
    /// <see cref="ApplyAsync"/> for messages that stand or fall on their own: a batch that fails on some message's account
    /// (anything but a database outage) is split in halves, each applied again, down to the failing messages alone, so they
    /// do not take the rest of their batch with them.
    /// </summary>
    /// <returns>Each message's failure, in order: null where it was applied (or had been before).</returns>
    public async Task<Exception?[]> ApplyEachAsync(IReadOnlyList<InboxMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var failures = new Exception?[messages.Count];
        await ApplyEachAsync(messages, 0, messages.Count, failures, cancellationToken);
        return failures;
    }

    private async Task ApplyEachAsync(IReadOnlyList<InboxMessage> messages, int start, int count, Exception?[] failures, CancellationToken cancellationToken)
    {
        try
        {
            await ApplyAsync([.. messages.Skip(start).Take(count)], cancellationToken);
        }
        catch (Exception e) when (count > 1 && !DatabaseOutage.Is(e) && e is not OperationCanceledException)
        {
            var half = count / 2;
            await ApplyEachAsync(messages, start, half, failures, cancellationToken);
            await ApplyEachAsync(messages, start + half, count - half, failures, cancellationToken);
        }
        catch (Exception e)
        {
            // A lone failing message, or an outage (or shutdown) that every message of the batch waits out with its own retries.
            Array.Fill(failures, e, start, count);
        }
    }

    /// <summary>Applies events without the inbox (bulk replays, seeding): the same merge and NOTIFY as a consumer's batch.</summary>
    /// <returns>How many lead facts changed.</returns>
    public async Task<int> ApplyBatchAsync(IEnumerable<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = await UpsertAsync(connection, transaction, events, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    /// <summary>Merges a (partial) fact into the table with the same upsert as events: replays, repairs and seeding.</summary>
    public async Task MergeAsync(LeadFact fact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fact);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { LeadsUpsert([fact]), Notify([fact.LeadId], []) } };
        await batch.PrepareAsync(cancellationToken);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Merges a (partial) breach fact with the same upsert as events.</summary>
    public async Task MergeAsync(BreachFact fact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fact);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { BreachesUpsert([fact]), Notify([], [fact.LeadId]) } };
        await batch.PrepareAsync(cancellationToken);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The events merged per lead and breach, written in one round trip: breaches, leads, then NOTIFY.</summary>
    private static async Task<int> UpsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        var (leads, breaches) = LeadFactProjector.ProjectAll(events);
        if (leads.Count == 0)
            return 0; // every projection carries its lead, so there is no breach either
        await using var batch = new NpgsqlBatch(connection, transaction);
        // Rows in key order, so concurrent batches lock shared leads in the same order and cannot deadlock.
        if (breaches.Count > 0)
            batch.BatchCommands.Add(BreachesUpsert([.. breaches.Values.OrderBy(b => b.BreachId)]));
        batch.BatchCommands.Add(LeadsUpsert([.. leads.Values.OrderBy(l => l.LeadId)]));
        batch.BatchCommands.Add(Notify(leads.Keys, breaches.Values.Select(b => b.LeadId)));
        // Planning the upsert costs more than running it: keep it prepared on the pooled connection.
        await batch.PrepareAsync(cancellationToken);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return leads.Count;
    }

    /// <summary>NOTIFYs the ids of the leads whose facts, or breaches, the transaction changed (see <see cref="FactMirror.Changes"/>).</summary>
    private static NpgsqlBatchCommand Notify(IEnumerable<Guid> leadIds, IEnumerable<Guid> leadsWithBreaches) => new(NotifyFactsChanged)
    {
        Parameters =
        {
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = FactMirror.Changes(leadIds, leadsWithBreaches) },
        },
    };

    /// <summary>
    /// Streams over <paramref name="connection"/> the facts of <paramref name="leadIds"/> and the breaches of the leads
    /// <paramref name="breachesOf"/> (null: every one), each as it stands when its statement runs.
    /// </summary>
    public static async Task ReadFactsAsync(NpgsqlConnection connection, Guid[]? leadIds, Guid[]? breachesOf,
        Action<LeadFact> lead, Action<BreachFact> breach, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(breach);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands = { Select($"SELECT {LeadColumns} FROM lead_facts", leadIds), Select($"SELECT {BreachColumns} FROM breach_facts", breachesOf) },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            lead(ReadLead(reader));
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            breach(ReadBreach(reader));

        static NpgsqlBatchCommand Select(string select, Guid[]? leadIds) => leadIds is null
            ? new(select)
            : new($"{select} WHERE lead_id = ANY($1)") { Parameters = { new NpgsqlParameter { Value = leadIds } } };
    }

    public async Task<LeadFact?> GetLeadAsync(Guid leadId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {LeadColumns} FROM lead_facts WHERE lead_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = leadId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadLead(reader) : null;
    }

    public async Task<BreachFact?> GetBreachAsync(Guid breachId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {BreachColumns} FROM breach_facts WHERE breach_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = breachId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadBreach(reader) : null;
    }

    /// <summary>The lead facts matching <paramref name="filter"/> (period selection is per figure, in the calculators).</summary>
    public async IAsyncEnumerable<LeadFact> ListLeadsAsync(LeadFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var command = dataSource.CreateCommand($"""
            SELECT {LeadColumns} FROM lead_facts
            WHERE {FilterSql}
            """);
        AddFilterParameters(command.Parameters, filter);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return ReadLead(reader);
    }

    /// <summary>The lead facts of <paramref name="leadIds"/>.</summary>
    public async IAsyncEnumerable<LeadFact> ListLeadsAsync(IReadOnlyCollection<Guid> leadIds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leadIds);
        await using var command = dataSource.CreateCommand($"SELECT {LeadColumns} FROM lead_facts WHERE lead_id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = leadIds.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return ReadLead(reader);
    }

    /// <summary>Breaches recorded in [from, to), or all when no period is given.</summary>
    public async IAsyncEnumerable<BreachFact> ListBreachesAsync(
        DateTimeOffset? from, DateTimeOffset? to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {BreachColumns} FROM breach_facts
            WHERE ($1::timestamptz IS NULL OR breached_at >= $1) AND ($2::timestamptz IS NULL OR breached_at < $2)
            """);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = (object?)from ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = (object?)to ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return ReadBreach(reader);
    }

    // $1..$6 of the listing queries, in LeadFilter's order.
    private static void AddFilterParameters(NpgsqlParameterCollection p, LeadFilter filter)
    {
        p.Add(Text(filter.Source));
        p.Add(Text(filter.Campaign));
        p.Add(Text(filter.Segment));
        p.Add(Text(filter.TeamId));
        p.Add(Text(filter.OwnerRepId));
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = (object?)filter.ContractVersion ?? DBNull.Value });
    }

    private static NpgsqlBatchCommand LeadsUpsert(IReadOnlyList<LeadFact> f) => new(UpsertLead)
    {
        Parameters =
        {
            Column("lead_id", NpgsqlDbType.Uuid, f, x => x.LeadId),
            Column("contract_version", NpgsqlDbType.Integer, f, x => x.ContractVersion),
            Column("captured_at", NpgsqlDbType.TimestampTz, f, x => x.CapturedAt),
            Column("capture_event_id", NpgsqlDbType.Uuid, f, x => x.CaptureEventId),
            Column("source", NpgsqlDbType.Text, f, x => x.Source),
            Column("campaign", NpgsqlDbType.Text, f, x => x.Campaign),
            Column("segment", NpgsqlDbType.Text, f, x => x.Segment),
            Column("marketing_sourced", NpgsqlDbType.Boolean, f, x => x.MarketingSourced),
            Column("marketing_influenced", NpgsqlDbType.Boolean, f, x => x.MarketingInfluenced),
            Column("scored_at", NpgsqlDbType.TimestampTz, f, x => x.ScoredAt),
            Column("score_event_id", NpgsqlDbType.Uuid, f, x => x.ScoreEventId),
            Column("fit_score", NpgsqlDbType.Integer, f, x => x.FitScore),
            Column("behaviour_score", NpgsqlDbType.Integer, f, x => x.BehaviourScore),
            Column("total_score", NpgsqlDbType.Integer, f, x => x.TotalScore),
            Column("icp_fit", NpgsqlDbType.Boolean, f, x => x.IcpFit),
            Column("mql_at", NpgsqlDbType.TimestampTz, f, x => x.MqlAt),
            Column("assigned_at", NpgsqlDbType.TimestampTz, f, x => x.AssignedAt),
            Column("owner_since", NpgsqlDbType.TimestampTz, f, x => x.OwnerSince),
            Column("owner_event_id", NpgsqlDbType.Uuid, f, x => x.OwnerEventId),
            Column("team_id", NpgsqlDbType.Text, f, x => x.TeamId),
            Column("owner_rep_id", NpgsqlDbType.Text, f, x => x.OwnerRepId),
            Column("first_touch_at", NpgsqlDbType.TimestampTz, f, x => x.FirstTouchAt),
            Column("first_touch_due_at", NpgsqlDbType.TimestampTz, f, x => x.FirstTouchDueAt),
            Column("first_touch_breached_at", NpgsqlDbType.TimestampTz, f, x => x.FirstTouchBreachedAt),
            Column("first_breach_at", NpgsqlDbType.TimestampTz, f, x => x.FirstBreachAt),
            Column("accepted_at", NpgsqlDbType.TimestampTz, f, x => x.AcceptedAt),
            Column("rejected_at", NpgsqlDbType.TimestampTz, f, x => x.RejectedAt),
            Column("rejection_event_id", NpgsqlDbType.Uuid, f, x => x.RejectionEventId),
            Column("rejection_reason", NpgsqlDbType.Text, f, x => x.RejectionReason),
            Column("sao_at", NpgsqlDbType.TimestampTz, f, x => x.SaoAt),
            Column("opportunity_at", NpgsqlDbType.TimestampTz, f, x => x.OpportunityAt),
            Column("won_at", NpgsqlDbType.TimestampTz, f, x => x.WonAt),
            Column("lost_at", NpgsqlDbType.TimestampTz, f, x => x.LostAt),
            Column("opportunity_updated_at", NpgsqlDbType.TimestampTz, f, x => x.OpportunityUpdatedAt),
            Column("opportunity_event_id", NpgsqlDbType.Uuid, f, x => x.OpportunityEventId),
            Column("opportunity_id", NpgsqlDbType.Text, f, x => x.OpportunityId),
            Column("opportunity_stage", NpgsqlDbType.Text, f, x => x.OpportunityStage),
            Column("outcome", NpgsqlDbType.Smallint, f, x => (short?)x.Outcome),
            Column("amount", NpgsqlDbType.Numeric, f, x => x.Amount),
            // text[]: the insert casts it to char(3), refusing a longer code as the column always did.
            Column("currency", NpgsqlDbType.Text, f, x => x.Currency),
        },
    };

    private static NpgsqlBatchCommand BreachesUpsert(IReadOnlyList<BreachFact> b) => new(UpsertBreach)
    {
        Parameters =
        {
            Column("b_breach_id", NpgsqlDbType.Uuid, b, x => x.BreachId),
            Column("b_lead_id", NpgsqlDbType.Uuid, b, x => x.LeadId),
            Column("b_contract_version", NpgsqlDbType.Integer, b, x => x.ContractVersion),
            Column("b_clause_id", NpgsqlDbType.Text, b, x => x.ClauseId),
            Column("b_owner_rep_id", NpgsqlDbType.Text, b, x => x.OwnerRepId),
            Column("b_team_id", NpgsqlDbType.Text, b, x => x.TeamId),
            Column("b_due_at", NpgsqlDbType.TimestampTz, b, x => x.DueAt),
            Column("b_breached_at", NpgsqlDbType.TimestampTz, b, x => x.BreachedAt),
            Column("b_lateness_us", NpgsqlDbType.Bigint, b, x => x.LatenessMicroseconds),
            Column("b_breach_number", NpgsqlDbType.Integer, b, x => x.BreachNumber),
            Column("b_reason_at", NpgsqlDbType.TimestampTz, b, x => x.ReasonAt),
            Column("b_reason_event_id", NpgsqlDbType.Uuid, b, x => x.ReasonEventId),
            Column("b_reason", NpgsqlDbType.Text, b, x => x.Reason),
        },
    };

    /// <summary>One column of a multi-row upsert: an array (NULL elements for missing values) that unnest turns into rows.</summary>
    private static NpgsqlParameter Column<TRow, TValue>(string name, NpgsqlDbType type, IReadOnlyList<TRow> rows, Func<TRow, TValue> value) =>
        new(name, NpgsqlDbType.Array | type) { Value = rows.Select(value).ToArray() };

    private static LeadFact ReadLead(NpgsqlDataReader r) => new()
    {
        LeadId = r.GetGuid(0),
        ContractVersion = Get<int>(r, 1),
        CapturedAt = Get<DateTimeOffset>(r, 2),
        CaptureEventId = Get<Guid>(r, 3),
        Source = GetText(r, 4),
        Campaign = GetText(r, 5),
        Segment = GetText(r, 6),
        MarketingSourced = Get<bool>(r, 7),
        MarketingInfluenced = r.GetBoolean(8),
        ScoredAt = Get<DateTimeOffset>(r, 9),
        ScoreEventId = Get<Guid>(r, 10),
        FitScore = Get<int>(r, 11),
        BehaviourScore = Get<int>(r, 12),
        TotalScore = Get<int>(r, 13),
        IcpFit = Get<bool>(r, 14),
        MqlAt = Get<DateTimeOffset>(r, 15),
        AssignedAt = Get<DateTimeOffset>(r, 16),
        OwnerSince = Get<DateTimeOffset>(r, 17),
        OwnerEventId = Get<Guid>(r, 18),
        TeamId = GetText(r, 19),
        OwnerRepId = GetText(r, 20),
        FirstTouchAt = Get<DateTimeOffset>(r, 21),
        FirstTouchDueAt = Get<DateTimeOffset>(r, 22),
        FirstTouchBreachedAt = Get<DateTimeOffset>(r, 23),
        FirstBreachAt = Get<DateTimeOffset>(r, 24),
        AcceptedAt = Get<DateTimeOffset>(r, 25),
        RejectedAt = Get<DateTimeOffset>(r, 26),
        RejectionEventId = Get<Guid>(r, 27),
        RejectionReason = GetText(r, 28),
        SaoAt = Get<DateTimeOffset>(r, 29),
        OpportunityAt = Get<DateTimeOffset>(r, 30),
        WonAt = Get<DateTimeOffset>(r, 31),
        LostAt = Get<DateTimeOffset>(r, 32),
        OpportunityUpdatedAt = Get<DateTimeOffset>(r, 33),
        OpportunityEventId = Get<Guid>(r, 34),
        OpportunityId = GetText(r, 35),
        OpportunityStage = GetText(r, 36),
        Outcome = r.IsDBNull(37) ? null : (OpportunityOutcome)r.GetInt16(37),
        Amount = Get<decimal>(r, 38),
        Currency = GetText(r, 39),
    };

    private static BreachFact ReadBreach(NpgsqlDataReader r) => new()
    {
        BreachId = r.GetGuid(0),
        LeadId = r.GetGuid(1),
        ContractVersion = Get<int>(r, 2),
        ClauseId = GetText(r, 3),
        OwnerRepId = GetText(r, 4),
        TeamId = GetText(r, 5),
        DueAt = Get<DateTimeOffset>(r, 6),
        BreachedAt = Get<DateTimeOffset>(r, 7),
        LatenessMicroseconds = Get<long>(r, 8),
        BreachNumber = Get<int>(r, 9),
        ReasonAt = Get<DateTimeOffset>(r, 10),
        ReasonEventId = Get<Guid>(r, 11),
        Reason = GetText(r, 12),
    };

    private static T? Get<T>(NpgsqlDataReader reader, int ordinal) where T : struct =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);

    private static string? GetText(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };
}
