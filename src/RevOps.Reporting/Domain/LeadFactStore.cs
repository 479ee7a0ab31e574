using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;
using RevOps.Contracts.Events;

namespace RevOps.Reporting.Domain;

/// <summary>
/// lead_facts and breach_facts in reportingdb. Every event is one upsert statement that runs
/// <see cref="LeadFactProjector.Merge(LeadFact, LeadFact)"/> in SQL: LEAST for stage times, GREATEST for the
/// contract version, and for each column group the row with the winning (time, event id).
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

    internal const string BreachColumns = """
        breach_id, lead_id, contract_version, clause_id, owner_rep_id, team_id, due_at, breached_at, lateness_us,
        breach_number, reason_at, reason_event_id, reason
        """;

    /// <summary>A lead_facts row matching the filter bound as $1..$6 by <see cref="AddFilterParameters"/>.</summary>
    internal const string FilterSql = """
        ($1::text IS NULL OR source = $1) AND ($2::text IS NULL OR campaign = $2) AND ($3::text IS NULL OR segment = $3)
          AND ($4::text IS NULL OR team_id = $4) AND ($5::text IS NULL OR owner_rep_id = $5) AND ($6::int IS NULL OR contract_version = $6)
        """;

    // "Earliest wins" groups sort ascending, "latest wins" descending; NULLS LAST lets a missing group lose.
    private const string UpsertLead = """
        INSERT INTO lead_facts AS f (
            lead_id, contract_version, captured_at, capture_event_id, source, campaign, segment, marketing_sourced,
            marketing_influenced, scored_at, score_event_id, fit_score, behaviour_score, total_score, icp_fit, mql_at,
            assigned_at, owner_since, owner_event_id, team_id, owner_rep_id, first_touch_at, first_touch_due_at,
            first_touch_breached_at, first_breach_at, accepted_at, rejected_at, rejection_event_id, rejection_reason,
            sao_at, opportunity_at, won_at, lost_at, opportunity_updated_at, opportunity_event_id, opportunity_id,
            opportunity_stage, outcome, amount, currency)
        VALUES (
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
        VALUES (
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
                ORDER BY t ASC NULLS LAST, id ASC LIMIT 1)
        """;

    // A data-modifying CTE keeps a breach and its lead in one statement.
    private const string UpsertBreachAndLead = "WITH breach AS (" + UpsertBreach + ")\n" + UpsertLead;

    /// <summary>Applies one event inside the caller's transaction (the inbox consumer's), as a single statement.</summary>
    /// <returns>False when reporting does not read this kind of event.</returns>
    public async Task<bool> ApplyAsync(IIntegrationEvent integrationEvent, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        await using var command = new NpgsqlCommand { Connection = transaction.Connection, Transaction = transaction };
        if (Statement(integrationEvent, command.Parameters) is not { } sql)
            return false;
        command.CommandText = sql;
        // Planning the upsert costs more than running it: keep it prepared on the pooled connection.
        await command.PrepareAsync(cancellationToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }

    /// <summary>Applies events in one round trip (one statement each), e.g. for bulk replays.</summary>
    /// <returns>How many of the events reporting reads.</returns>
    public async Task<int> ApplyBatchAsync(IEnumerable<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var integrationEvent in events)
        {
            var batchCommand = new NpgsqlBatchCommand();
            if (Statement(integrationEvent, batchCommand.Parameters) is not { } sql)
                continue;
            batchCommand.CommandText = sql;
            batch.BatchCommands.Add(batchCommand);
        }
        if (batch.BatchCommands.Count > 0)
        {
            await batch.PrepareAsync(cancellationToken);
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        return batch.BatchCommands.Count;
    }

    /// <summary>Merges a (partial) fact into the table with the same upsert as an event: replays, repairs and seeding.</summary>
    public async Task MergeAsync(LeadFact fact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fact);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(UpsertLead, connection);
        AddLeadParameters(command.Parameters, fact);
        await command.PrepareAsync(cancellationToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Merges a (partial) breach fact with the same upsert as an event.</summary>
    public async Task MergeAsync(BreachFact fact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fact);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(UpsertBreach, connection);
        AddBreachParameters(command.Parameters, fact);
        await command.PrepareAsync(cancellationToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
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

    /// <summary>
    /// The leads a funnel or scorecard over <paramref name="period"/> can count: those matching <paramref name="filter"/>
    /// with any period-selecting stage time (captured, MQL, first-touch due, first touch, disposition, opportunity, close) in it.
    /// </summary>
    public async IAsyncEnumerable<LeadFact> ListLeadsInPeriodAsync(
        ReportPeriod period, LeadFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(filter);
        await using var command = dataSource.CreateCommand($"""
            SELECT {LeadColumns} FROM lead_facts
            WHERE {FilterSql}
              AND ((captured_at >= $7 AND captured_at < $8) OR (mql_at >= $7 AND mql_at < $8)
                OR (first_touch_due_at >= $7 AND first_touch_due_at < $8) OR (first_touch_at >= $7 AND first_touch_at < $8)
                OR (accepted_at >= $7 AND accepted_at < $8) OR (rejected_at >= $7 AND rejected_at < $8)
                OR (opportunity_at >= $7 AND opportunity_at < $8) OR (won_at >= $7 AND won_at < $8) OR (lost_at >= $7 AND lost_at < $8))
            """);
        AddFilterParameters(command.Parameters, filter);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = period.From });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = period.To });
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

    /// <summary>The event's upsert, its parameters added to <paramref name="parameters"/>; null when reporting does not read the event.</summary>
    private static string? Statement(IIntegrationEvent integrationEvent, NpgsqlParameterCollection parameters)
    {
        var (lead, breach) = LeadFactProjector.Project(integrationEvent) ?? new EventProjection(null, null);
        if (lead is not null)
            AddLeadParameters(parameters, lead);
        if (breach is not null)
            AddBreachParameters(parameters, breach);
        return (lead, breach) switch
        {
            (not null, not null) => UpsertBreachAndLead,
            (not null, null) => UpsertLead,
            (null, not null) => UpsertBreach,
            _ => null,
        };
    }

    // $1..$6 of the listing queries, in LeadFilter's order.
    internal static void AddFilterParameters(NpgsqlParameterCollection p, LeadFilter filter)
    {
        p.Add(Text(filter.Source));
        p.Add(Text(filter.Campaign));
        p.Add(Text(filter.Segment));
        p.Add(Text(filter.TeamId));
        p.Add(Text(filter.OwnerRepId));
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = (object?)filter.ContractVersion ?? DBNull.Value });
    }

    private static void AddLeadParameters(NpgsqlParameterCollection p, LeadFact f)
    {
        p.Add(Uuid("lead_id", f.LeadId));
        p.Add(Int("contract_version", f.ContractVersion));
        p.Add(Time("captured_at", f.CapturedAt));
        p.Add(Uuid("capture_event_id", f.CaptureEventId));
        p.Add(Text("source", f.Source));
        p.Add(Text("campaign", f.Campaign));
        p.Add(Text("segment", f.Segment));
        p.Add(Bool("marketing_sourced", f.MarketingSourced));
        p.Add(Bool("marketing_influenced", f.MarketingInfluenced));
        p.Add(Time("scored_at", f.ScoredAt));
        p.Add(Uuid("score_event_id", f.ScoreEventId));
        p.Add(Int("fit_score", f.FitScore));
        p.Add(Int("behaviour_score", f.BehaviourScore));
        p.Add(Int("total_score", f.TotalScore));
        p.Add(Bool("icp_fit", f.IcpFit));
        p.Add(Time("mql_at", f.MqlAt));
        p.Add(Time("assigned_at", f.AssignedAt));
        p.Add(Time("owner_since", f.OwnerSince));
        p.Add(Uuid("owner_event_id", f.OwnerEventId));
        p.Add(Text("team_id", f.TeamId));
        p.Add(Text("owner_rep_id", f.OwnerRepId));
        p.Add(Time("first_touch_at", f.FirstTouchAt));
        p.Add(Time("first_touch_due_at", f.FirstTouchDueAt));
        p.Add(Time("first_touch_breached_at", f.FirstTouchBreachedAt));
        p.Add(Time("first_breach_at", f.FirstBreachAt));
        p.Add(Time("accepted_at", f.AcceptedAt));
        p.Add(Time("rejected_at", f.RejectedAt));
        p.Add(Uuid("rejection_event_id", f.RejectionEventId));
        p.Add(Text("rejection_reason", f.RejectionReason));
        p.Add(Time("sao_at", f.SaoAt));
        p.Add(Time("opportunity_at", f.OpportunityAt));
        p.Add(Time("won_at", f.WonAt));
        p.Add(Time("lost_at", f.LostAt));
        p.Add(Time("opportunity_updated_at", f.OpportunityUpdatedAt));
        p.Add(Uuid("opportunity_event_id", f.OpportunityEventId));
        p.Add(Text("opportunity_id", f.OpportunityId));
        p.Add(Text("opportunity_stage", f.OpportunityStage));
        p.Add(new NpgsqlParameter("outcome", NpgsqlDbType.Smallint) { Value = f.Outcome is { } o ? (short)o : DBNull.Value });
        p.Add(new NpgsqlParameter("amount", NpgsqlDbType.Numeric) { Value = (object?)f.Amount ?? DBNull.Value });
        p.Add(new NpgsqlParameter("currency", NpgsqlDbType.Char) { Value = (object?)f.Currency ?? DBNull.Value });
    }

    private static void AddBreachParameters(NpgsqlParameterCollection p, BreachFact b)
    {
        p.Add(Uuid("b_breach_id", b.BreachId));
        p.Add(Uuid("b_lead_id", b.LeadId));
        p.Add(Int("b_contract_version", b.ContractVersion));
        p.Add(Text("b_clause_id", b.ClauseId));
        p.Add(Text("b_owner_rep_id", b.OwnerRepId));
        p.Add(Text("b_team_id", b.TeamId));
        p.Add(Time("b_due_at", b.DueAt));
        p.Add(Time("b_breached_at", b.BreachedAt));
        p.Add(new NpgsqlParameter("b_lateness_us", NpgsqlDbType.Bigint) { Value = (object?)b.LatenessMicroseconds ?? DBNull.Value });
        p.Add(Int("b_breach_number", b.BreachNumber));
        p.Add(Time("b_reason_at", b.ReasonAt));
        p.Add(Uuid("b_reason_event_id", b.ReasonEventId));
        p.Add(Text("b_reason", b.Reason));
    }

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

    internal static BreachFact ReadBreach(NpgsqlDataReader r) => new()
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

    private static NpgsqlParameter Uuid(string name, Guid? value) => new(name, NpgsqlDbType.Uuid) { Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter Int(string name, int? value) => new(name, NpgsqlDbType.Integer) { Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter Bool(string name, bool? value) => new(name, NpgsqlDbType.Boolean) { Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter Text(string name, string? value) => new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter Time(string name, DateTimeOffset? value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = (object?)value ?? DBNull.Value };
}
