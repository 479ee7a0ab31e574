using Npgsql;
using NpgsqlTypes;
using RevOps.Contracts.Events;
using RevOps.ServiceDefaults.Messaging;
using RevOps.Sla.Data.Internal;
using RevOps.Sla.Domain;

namespace RevOps.Sla.Data;

/// <summary>
/// sladb's clocks, breaches and escalation webhooks in raw SQL. Every state change is conditional on the clock still
/// running, so replicas racing on the same clock change it once. Methods taking a transaction run inside it (to write
/// the outbox alongside); without one they use their own.
/// </summary>
public sealed class ClockStore(NpgsqlDataSource dataSource)
{
    private const string ClockColumns = """
        id, lead_id, assignment_id, owner_rep_id, team_id, clause_id, kind, contract_version, started_at, due_at,
        state, met_at, breached_at, stopped_at, touch_count, touches_required
        """;

    private const string BreachColumns = """
        id, clock_id, lead_id, owner_rep_id, team_id, clause_id, contract_version, due_at, breached_at, lateness,
        breach_number, reason, annotated_by, annotated_at
        """;

    /// <summary>
    /// Inserts running clocks in one statement (arrays unnested server-side); clocks whose (assignment, clause) is
    /// already armed are skipped. Returns the clocks this call armed.
    /// </summary>
    public async Task<IReadOnlyList<SlaClock>> ArmAsync(IReadOnlyCollection<SlaClock> clocks, NpgsqlTransaction? transaction = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clocks);
        if (clocks.Count == 0)
            return [];
        if (clocks.FirstOrDefault(c => !c.IsRunning) is { } final)
            throw new ArgumentException($"Clock {final.Id} is {final.State}; only running clocks can be armed.", nameof(clocks));

        var armed = await InTransaction(transaction, async (connection, tx) =>
        {
            await using var command = new NpgsqlCommand($"""
                INSERT INTO clocks (id, lead_id, assignment_id, owner_rep_id, team_id, clause_id, kind, contract_version,
                                    started_at, due_at, touch_count, touches_required)
                SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
                                     $8::integer[], $9::timestamptz[], $10::timestamptz[], $11::integer[], $12::integer[])
                ON CONFLICT (assignment_id, clause_id) DO NOTHING
                RETURNING id
                """, connection, tx)
            {
                Parameters =
                {
                    new() { Value = clocks.Select(c => c.Id).ToArray() },
                    new() { Value = clocks.Select(c => c.LeadId).ToArray() },
                    new() { Value = clocks.Select(c => c.AssignmentId).ToArray() },
                    new() { Value = clocks.Select(c => c.OwnerRepId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                    new() { Value = clocks.Select(c => c.TeamId).ToArray() },
                    new() { Value = clocks.Select(c => c.ClauseId).ToArray() },
                    new() { Value = clocks.Select(c => ClockNames.Of(c.Kind)).ToArray() },
                    new() { Value = clocks.Select(c => c.ContractVersion).ToArray() },
                    new() { Value = clocks.Select(c => c.StartedAt.UtcDateTime).ToArray() },
                    new() { Value = clocks.Select(c => c.DueAt.UtcDateTime).ToArray() },
                    new() { Value = clocks.Select(c => c.TouchCount).ToArray() },
                    new() { Value = clocks.Select(c => c.TouchesRequired).ToArray() },
                },
            };
            var ids = new HashSet<Guid>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                ids.Add(reader.GetGuid(0));
            return ids;
        }, cancellationToken);
        return [.. clocks.Where(c => armed.Contains(c.Id))];
    }

    /// <summary>Every clock of a lead, current and past, oldest first.</summary>
    public async Task<IReadOnlyList<SlaClock>> GetClocksAsync(Guid leadId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT {ClockColumns} FROM clocks WHERE lead_id = $1 ORDER BY started_at, clause_id", connection)
        {
            Parameters = { new() { Value = leadId } },
        };
        return await ReadClocks(command, cancellationToken);
    }

    /// <summary>
    /// A lead's running clocks, row-locked until <paramref name="transaction"/> ends so concurrent activities on the
    /// same lead apply one after the other (touch counts stay exact).
    /// </summary>
    public async Task<IReadOnlyList<SlaClock>> LockRunningClocksAsync(Guid leadId, NpgsqlTransaction transaction,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        await using var command = new NpgsqlCommand(
            $"SELECT {ClockColumns} FROM clocks WHERE lead_id = $1 AND state = 'running' ORDER BY started_at, clause_id FOR UPDATE",
            transaction.Connection, transaction)
        {
            Parameters = { new() { Value = leadId } },
        };
        return await ReadClocks(command, cancellationToken);
    }

    /// <summary>
    /// Writes a clock's new state, touch count and verdict time, only if the stored clock is still running. Returns
    /// false when another caller already ended it, so a redelivered event changes nothing.
    /// </summary>
    public async Task<bool> SaveAsync(SlaClock clock, NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (clock.State == ClockState.Breached)
            throw new ArgumentException($"Breach clock {clock.Id} with {nameof(FireAsync)}, which writes the breach row too.", nameof(clock));

        return await InTransaction(transaction, async (connection, tx) =>
        {
            await using var command = new NpgsqlCommand("""
                UPDATE clocks
                SET state = $2, met_at = $3, stopped_at = $4, touch_count = $5, lease_owner = NULL, lease_until = NULL
                WHERE id = $1 AND state = 'running'
                """, connection, tx)
            {
                Parameters =
                {
                    new() { Value = clock.Id },
                    new() { Value = ClockNames.Of(clock.State) },
                    new() { Value = (object?)clock.MetAt?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                    new() { Value = (object?)clock.StoppedAt?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                    new() { Value = clock.TouchCount },
                },
            };
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);
    }

    /// <summary>
    /// Leases up to <paramref name="limit"/> running clocks due by <paramref name="horizon"/> that no live lease holds,
    /// earliest first, to <paramref name="leaseOwner"/> until <paramref name="leaseUntil"/>. Rows another replica is
    /// claiming at the same moment are skipped, not waited for.
    /// </summary>
    public async Task<IReadOnlyList<SlaClock>> ClaimDueAsync(string leaseOwner, DateTimeOffset now, DateTimeOffset horizon,
        DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leaseOwner);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (leaseUntil <= now)
            throw new ArgumentOutOfRangeException(nameof(leaseUntil), leaseUntil, "A lease must end after now.");

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            WITH due AS (
                SELECT id FROM clocks
                WHERE state = 'running' AND due_at <= $1 AND (lease_until IS NULL OR lease_until <= $2)
                ORDER BY due_at
                LIMIT $3
                FOR UPDATE SKIP LOCKED)
            UPDATE clocks c SET lease_owner = $4, lease_until = $5
            FROM due WHERE c.id = due.id
            RETURNING {string.Join(", ", ClockColumns.Split(',').Select(column => "c." + column.Trim()))}
            """, connection)
        {
            Parameters =
            {
                new() { Value = horizon.UtcDateTime },
                new() { Value = now.UtcDateTime },
                new() { Value = limit },
                new() { Value = leaseOwner },
                new() { Value = leaseUntil.UtcDateTime },
            },
        };
        var claimed = await ReadClocks(command, cancellationToken);
        return [.. claimed.OrderBy(c => c.DueAt)];
    }

    /// <summary>Gives back leases (e.g. on shutdown) so another replica claims those clocks at once.</summary>
    public async Task<int> ReleaseAsync(string leaseOwner, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leaseOwner);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "UPDATE clocks SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $1 AND state = 'running'", connection)
        {
            Parameters = { new() { Value = leaseOwner } },
        };
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Breaches one clock at <paramref name="firedAt"/> (see <see cref="FireAsync"/>); null when it is not running any
    /// more (met, stopped, or another replica fired it) or not yet due.
    /// </summary>
    public async Task<FiredClock?> BreachAsync(Guid clockId, DateTimeOffset firedAt, NpgsqlTransaction? transaction = null,
        CancellationToken cancellationToken = default) =>
        (await FireAsync([clockId], firedAt, transaction, cancellationToken)).SingleOrDefault();

    /// <summary>
    /// In one statement, breaches those of <paramref name="clockIds"/> that are still running and due at
    /// <paramref name="firedAt"/>, numbers each breach per lead (1 = the lead's first, counting earlier breaches) and
    /// writes the breach rows. Clocks already met, stopped or fired by another replica are skipped, so firing twice
    /// fires once. Returns what this call fired, earliest due first.
    /// </summary>
    public async Task<IReadOnlyList<FiredClock>> FireAsync(IReadOnlyCollection<Guid> clockIds, DateTimeOffset firedAt,
        NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clockIds);
        if (clockIds.Count == 0)
            return [];

        return await InTransaction(transaction, async (connection, tx) =>
        {
            // Counters are upserted in lead order so concurrent batches take their row locks in one order.
            await using var command = new NpgsqlCommand($"""
                WITH fired AS (
                    UPDATE clocks SET state = 'breached', breached_at = $2, lease_owner = NULL, lease_until = NULL
                    WHERE id = ANY($1) AND state = 'running' AND due_at <= $2
                    RETURNING {ClockColumns}
                ), per_lead AS (
                    SELECT lead_id, count(*)::integer AS fired FROM fired GROUP BY lead_id
                ), totals AS (
                    INSERT INTO lead_breach_counts AS counts (lead_id, breaches)
                    SELECT lead_id, fired FROM per_lead ORDER BY lead_id
                    ON CONFLICT (lead_id) DO UPDATE SET breaches = counts.breaches + EXCLUDED.breaches
                    RETURNING counts.lead_id, counts.breaches
                ), numbered AS (
                    SELECT fired.*, (totals.breaches - per_lead.fired
                                     + row_number() OVER (PARTITION BY fired.lead_id ORDER BY fired.due_at, fired.id))::integer AS breach_number
                    FROM fired JOIN per_lead USING (lead_id) JOIN totals USING (lead_id)
                ), inserted AS (
                    INSERT INTO breaches (id, clock_id, lead_id, owner_rep_id, team_id, clause_id, contract_version, due_at,
                                          breached_at, lateness, breach_number)
                    SELECT gen_random_uuid(), id, lead_id, owner_rep_id, team_id, clause_id, contract_version, due_at,
                           breached_at, breached_at - due_at, breach_number
                    FROM numbered
                    RETURNING id, clock_id
                )
                SELECT {string.Join(", ", ClockColumns.Split(',').Select(column => "numbered." + column.Trim()))},
                       inserted.id, numbered.breach_number
                FROM numbered JOIN inserted ON inserted.clock_id = numbered.id
                ORDER BY numbered.due_at, numbered.id
                """, connection, tx)
            {
                Parameters =
                {
                    new() { Value = clockIds as Guid[] ?? [.. clockIds] },
                    new() { Value = firedAt.UtcDateTime },
                },
            };
            var fired = new List<FiredClock>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var clock = ReadClock(reader);
                fired.Add(new FiredClock(clock, new Breach(reader.GetGuid(16), clock.Id, clock.LeadId, clock.OwnerRepId, clock.TeamId,
                    clock.ClauseId, clock.ContractVersion, clock.DueAt, clock.BreachedAt!.Value, clock.Lateness!.Value, reader.GetInt32(17),
                    null, null, null)));
            }
            return fired;
        }, cancellationToken);
    }

    /// <summary>
    /// Records why a breach happened (overwriting an earlier reason), with SlaBreachAnnotated for the scorecard in the same
    /// transaction; null when no such breach exists.
    /// </summary>
    public async Task<Breach?> AnnotateBreachAsync(Guid breachId, string reason, string annotatedBy, DateTimeOffset annotatedAt,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentException.ThrowIfNullOrWhiteSpace(annotatedBy);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            UPDATE breaches SET reason = $2, annotated_by = $3, annotated_at = $4 WHERE id = $1 RETURNING {BreachColumns}
            """, connection, transaction)
        {
            Parameters =
            {
                new() { Value = breachId },
                new() { Value = reason.Trim() },
                new() { Value = annotatedBy.Trim() },
                new() { Value = annotatedAt.UtcDateTime },
            },
        };
        if ((await ReadBreaches(command, cancellationToken)).SingleOrDefault() is not { } breach)
            return null;
        var eventId = Guid.CreateVersion7(annotatedAt);
        await Outbox.EnqueueAsync(transaction, eventId, new SlaBreachAnnotated
        {
            EventId = eventId,
            OccurredAt = breach.AnnotatedAt!.Value,
            ContractVersion = breach.ContractVersion,
            BreachId = breach.Id,
            LeadId = breach.LeadId,
            ClauseId = breach.ClauseId,
            Reason = breach.Reason!,
            AnnotatedBy = breach.AnnotatedBy!,
        }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return breach;
    }

    /// <summary>Breaches matching <paramref name="query"/>, newest first.</summary>
    public async Task<IReadOnlyList<Breach>> ListBreachesAsync(BreachQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        if (query.From is { } from && query.To is { } to && to < from)
            throw new ArgumentException($"The time range ends ({to:O}) before it starts ({from:O}).", nameof(query));

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT {BreachColumns} FROM breaches
            WHERE ($1::text IS NULL OR owner_rep_id = $1)
              AND ($2::text IS NULL OR team_id = $2)
              AND ($3::text IS NULL OR clause_id = $3)
              AND ($4::timestamptz IS NULL OR breached_at >= $4)
              AND ($5::timestamptz IS NULL OR breached_at < $5)
              AND (NOT $6 OR reason IS NULL)
            ORDER BY breached_at DESC, id
            LIMIT $7
            """, connection)
        {
            Parameters =
            {
                new() { Value = (object?)query.OwnerRepId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = (object?)query.TeamId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = (object?)query.ClauseId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = (object?)query.From?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new() { Value = (object?)query.To?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new() { Value = query.OnlyFlagged },
                new() { Value = query.Limit },
            },
        };
        return await ReadBreaches(command, cancellationToken);
    }

    /// <summary>Queues an escalation webhook for a breach, due at once; a second call for the same (breach, url) is ignored.</summary>
    public async Task EnqueueWebhookAsync(Guid breachId, Uri url, string payloadJson, DateTimeOffset now, NpgsqlTransaction? transaction = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrWhiteSpace(payloadJson);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"Webhook URL '{url}' must be an absolute http(s) URL.", nameof(url));

        await InTransaction(transaction, async (connection, tx) =>
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO webhook_deliveries (id, breach_id, url, payload, next_attempt_at) VALUES ($1, $2, $3, $4::jsonb, $5)
                ON CONFLICT (breach_id, url) DO NOTHING
                """, connection, tx)
            {
                Parameters =
                {
                    new() { Value = Guid.CreateVersion7(now) },
                    new() { Value = breachId },
                    new() { Value = url.AbsoluteUri },
                    new() { Value = payloadJson },
                    new() { Value = now.UtcDateTime },
                },
            };
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> webhooks due by <paramref name="now"/> for one attempt each: the attempt is
    /// counted and the next try pushed to <paramref name="retryIfSilentAt"/>, so a sender that dies mid-attempt is retried.
    /// </summary>
    public async Task<IReadOnlyList<WebhookDelivery>> ClaimWebhooksAsync(DateTimeOffset now, DateTimeOffset retryIfSilentAt, int limit,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (retryIfSilentAt <= now)
            throw new ArgumentOutOfRangeException(nameof(retryIfSilentAt), retryIfSilentAt, "The retry must come after now.");

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            WITH due AS (
                SELECT id FROM webhook_deliveries
                WHERE delivered_at IS NULL AND next_attempt_at <= $1
                ORDER BY next_attempt_at
                LIMIT $2
                FOR UPDATE SKIP LOCKED)
            UPDATE webhook_deliveries w SET attempts = w.attempts + 1, next_attempt_at = $3
            FROM due WHERE w.id = due.id
            RETURNING w.id, w.breach_id, w.url, w.payload::text, w.attempts
            """, connection)
        {
            Parameters =
            {
                new() { Value = now.UtcDateTime },
                new() { Value = limit },
                new() { Value = retryIfSilentAt.UtcDateTime },
            },
        };
        var deliveries = new List<WebhookDelivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            deliveries.Add(new WebhookDelivery(reader.GetGuid(0), reader.GetGuid(1), new Uri(reader.GetString(2)), reader.GetString(3),
                reader.GetInt32(4)));
        }
        return deliveries;
    }

    public async Task MarkWebhookDeliveredAsync(Guid deliveryId, DateTimeOffset deliveredAt, CancellationToken cancellationToken = default) =>
        await Execute("""
            UPDATE webhook_deliveries SET delivered_at = $2, next_attempt_at = NULL, last_error = NULL WHERE id = $1
            """, cancellationToken, new() { Value = deliveryId }, new() { Value = deliveredAt.UtcDateTime });

    /// <summary>Records a failed attempt; <paramref name="nextAttemptAt"/> null gives up on the webhook.</summary>
    public async Task MarkWebhookFailedAsync(Guid deliveryId, string error, DateTimeOffset? nextAttemptAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        await Execute("""
            UPDATE webhook_deliveries SET last_error = $2, next_attempt_at = $3 WHERE id = $1 AND delivered_at IS NULL
            """, cancellationToken,
            new() { Value = deliveryId },
            new() { Value = error },
            new() { Value = (object?)nextAttemptAt?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
    }

    private async Task Execute(string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<T> InTransaction<T>(NpgsqlTransaction? transaction, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work,
        CancellationToken cancellationToken)
    {
        if (transaction is not null)
        {
            return await work(transaction.Connection
                ?? throw new ArgumentException("The transaction has already ended.", nameof(transaction)), transaction);
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var own = await connection.BeginTransactionAsync(cancellationToken);
        var result = await work(connection, own);
        await own.CommitAsync(cancellationToken);
        return result;
    }

    private static async Task<IReadOnlyList<SlaClock>> ReadClocks(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var clocks = new List<SlaClock>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            clocks.Add(ReadClock(reader));
        return clocks;
    }

    private static SlaClock ReadClock(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetGuid(0),
        LeadId = reader.GetGuid(1),
        AssignmentId = reader.GetGuid(2),
        OwnerRepId = reader.IsDBNull(3) ? null : reader.GetString(3),
        TeamId = reader.GetString(4),
        ClauseId = reader.GetString(5),
        Kind = ClockNames.Kind(reader.GetString(6)),
        ContractVersion = reader.GetInt32(7),
        StartedAt = reader.GetFieldValue<DateTimeOffset>(8),
        DueAt = reader.GetFieldValue<DateTimeOffset>(9),
        State = ClockNames.State(reader.GetString(10)),
        MetAt = reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
        BreachedAt = reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12),
        StoppedAt = reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13),
        TouchCount = reader.GetInt32(14),
        TouchesRequired = reader.GetInt32(15),
    };

    private static async Task<IReadOnlyList<Breach>> ReadBreaches(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var breaches = new List<Breach>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            breaches.Add(new Breach(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetInt32(6), reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<DateTimeOffset>(8),
                reader.GetFieldValue<TimeSpan>(9), reader.GetInt32(10), reader.IsDBNull(11) ? null : reader.GetString(11),
                reader.IsDBNull(12) ? null : reader.GetString(12), reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13)));
        }
        return breaches;
    }
}
