using Npgsql;
using NpgsqlTypes;

namespace RevOps.Reporting.Bench;

/// <summary>
/// Lead and breach facts as the projector would leave them after each lead's whole story, written with binary COPY in
/// capture order (ids are UUIDv7 of the capture, as scoring mints them) (leads arrive in time order, so a period's rows sit together on disk as they do in production).
/// Shape of a lead: 60% reach MQL, 95% of those are assigned, 92% touched (speed log-normal, median ~55 min, ~5% after the
/// 4-hour clock), 85% dispositioned (72% accepted), half the accepted open an SAO, 80% of those an
/// opportunity, 65% of opportunities close (35% won). Breaches: every missed first-touch clock (~13% of assigned) and 6% of assigned leads
/// late on accept/reject; 60% carry a reason.
/// </summary>
internal static class FactSeeder
{
    public static readonly DateTime SpanStart = new(2024, 12, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime SpanEnd = new(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] Sources = ["webinar", "paid_search", "organic", "content", "event", "partner", "outbound", "referral"];
    private static readonly string[] Segments = ["smb", "smb", "mid", "mid", "enterprise"];
    private static readonly string[] Teams = ["emea", "amer-east", "amer-west", "apac", "latam", "strategic"];
    private static readonly string[] Rejections = ["no_fit", "no_timing", "no_contact", "competitor", "duplicate", "no_budget"];
    private static readonly string[] BreachReasons = ["rep out sick", "public holiday", "lead unreachable", "queue overflow"];

    private const string LeadColumns = """
        lead_id, contract_version, captured_at, source, campaign, segment, marketing_sourced, marketing_influenced, scored_at,
        fit_score, behaviour_score, total_score, icp_fit, mql_at, assigned_at, owner_since, team_id, owner_rep_id, first_touch_at,
        first_touch_due_at, first_touch_breached_at, first_breach_at, accepted_at, rejected_at, rejection_reason, sao_at,
        opportunity_at, won_at, lost_at, opportunity_updated_at, opportunity_id, opportunity_stage, outcome, amount, currency
        """;

    private const string BreachColumns = """
        breach_id, lead_id, contract_version, clause_id, owner_rep_id, team_id, due_at, breached_at, lateness_us, breach_number,
        reason_at, reason
        """;

    /// <summary>Adds <paramref name="count"/> leads spread evenly over [SpanStart, SpanEnd); returns the breaches written.</summary>
    public static async Task<long> SeedAsync(NpgsqlDataSource dataSource, int count, int seed)
    {
        var random = new Random(seed);
        var breaches = new List<Breach>(count / 5);
        var step = (SpanEnd - SpanStart).Ticks / count;
        // Bulk-load practice: the service's secondary indexes go during COPY and are rebuilt after, from their own definitions.
        var indexes = new List<(string Name, string Definition)>();
        await using (var list = dataSource.CreateCommand(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('lead_facts', 'breach_facts') AND indexname NOT LIKE '%pkey'"))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                indexes.Add((reader.GetString(0), reader.GetString(1)));
        }
        foreach (var (name, _) in indexes)
            await ExecuteAsync(dataSource, $"DROP INDEX {name}");

        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var copy = await connection.BeginBinaryImportAsync($"COPY lead_facts ({LeadColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < count; i++)
                WriteLead(copy, SpanStart.AddTicks(i * step + random.NextInt64(step)), random, breaches);
            await copy.CompleteAsync();
        }
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var copy = await connection.BeginBinaryImportAsync($"COPY breach_facts ({BreachColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var breach in breaches)
                WriteBreach(copy, breach, random);
            await copy.CompleteAsync();
        }
        foreach (var (_, definition) in indexes)
            await ExecuteAsync(dataSource, "SET maintenance_work_mem = '512MB'; " + definition);
        // COPY names no lead: a notification without ids has every reporting replica reload its facts.
        await ExecuteAsync(dataSource, $"SELECT pg_notify('{Data.FactMirror.Channel}', '')");
        return breaches.Count;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }

    private static void WriteLead(NpgsqlBinaryImporter copy, DateTime captured, Random random, List<Breach> breaches)
    {
        // Scoring mints lead ids as UUIDv7 at capture, so they grow with time.
        var leadId = Guid.CreateVersion7(captured);
        var version = captured < SpanStart.AddMonths(8) ? 1 : captured < SpanStart.AddMonths(16) ? 2 : 3;
        var sourceIndex = random.Next(Sources.Length);
        var marketingSourced = sourceIndex < 6;
        var fit = random.Next(0, 61);
        var behaviour = random.Next(0, 61);
        var mql = random.NextDouble() < 0.6;
        DateTime? mqlAt = mql ? captured.AddMinutes(random.Next(1, 3 * 24 * 60)) : null;
        var team = random.Next(Teams.Length);
        DateTime? assignedAt = mqlAt is { } m && random.NextDouble() < 0.95 ? m.AddMinutes(random.Next(1, 15)) : null;
        DateTime? due = assignedAt?.AddHours(4);
        DateTime? touchedAt = null, breachedAt = null, acceptedAt = null, rejectedAt = null, saoAt = null, opportunityAt = null;
        DateTime? wonAt = null, lostAt = null;
        string? rejection = null;
        if (assignedAt is { } assigned)
        {
            if (random.NextDouble() < 0.92)
                touchedAt = assigned.AddMinutes(Math.Exp(4 + 0.9 * Normal(random)));
            if (touchedAt is not { } t || t > due)
            {
                breachedAt = due!.Value.AddSeconds(random.Next(1, 30));
                breaches.Add(new Breach(leadId, version, "first_touch", team, due.Value, breachedAt.Value));
            }
            if (touchedAt is { } touched && random.NextDouble() < 0.85)
            {
                var disposedAt = touched.AddMinutes(random.Next(10, 30 * 60));
                if (random.NextDouble() < 0.72)
                    acceptedAt = disposedAt;
                else
                    (rejectedAt, rejection) = (disposedAt, Rejections[random.Next(Rejections.Length)]);
            }
            if (random.NextDouble() < 0.06)
                breaches.Add(new Breach(leadId, version, "accept_or_reject", team, assigned.AddHours(24), assigned.AddHours(24).AddSeconds(random.Next(1, 30))));
        }
        if (acceptedAt is { } accepted && random.NextDouble() < 0.5)
        {
            saoAt = accepted.AddDays(random.Next(1, 10));
            if (random.NextDouble() < 0.8)
            {
                opportunityAt = saoAt.Value.AddDays(random.Next(0, 5));
                if (random.NextDouble() < 0.65)
                {
                    var closedAt = opportunityAt.Value.AddDays(random.Next(10, 90)).AddMinutes(random.Next(1440));
                    if (random.NextDouble() < 0.35)
                        wonAt = closedAt;
                    else
                        lostAt = closedAt;
                }
            }
        }
        short? outcome = opportunityAt is null ? null : wonAt is not null ? (short)1 : lostAt is not null ? (short)2 : (short)0;

        copy.StartRow();
        copy.Write(leadId, NpgsqlDbType.Uuid);
        copy.Write(version, NpgsqlDbType.Integer);
        copy.Write(captured, NpgsqlDbType.TimestampTz);
        copy.Write(Sources[sourceIndex], NpgsqlDbType.Text);
        copy.Write(Sources[sourceIndex] + "-" + random.Next(25), NpgsqlDbType.Text);
        copy.Write(Segments[random.Next(Segments.Length)], NpgsqlDbType.Text);
        copy.Write(marketingSourced, NpgsqlDbType.Boolean);
        copy.Write(marketingSourced || random.NextDouble() < 0.3, NpgsqlDbType.Boolean);
        copy.Write(mqlAt ?? captured, NpgsqlDbType.TimestampTz);
        copy.Write(fit, NpgsqlDbType.Integer);
        copy.Write(behaviour, NpgsqlDbType.Integer);
        copy.Write(fit + behaviour, NpgsqlDbType.Integer);
        copy.Write(random.NextDouble() < 0.55, NpgsqlDbType.Boolean);
        Time(copy, mqlAt);
        Time(copy, assignedAt);
        Time(copy, assignedAt);
        Text(copy, assignedAt is null ? null : Teams[team]);
        Text(copy, assignedAt is null ? null : Teams[team] + "-rep-" + random.Next(20));
        Time(copy, touchedAt);
        Time(copy, due);
        Time(copy, breachedAt);
        Time(copy, breachedAt);
        Time(copy, acceptedAt);
        Time(copy, rejectedAt);
        Text(copy, rejection);
        Time(copy, saoAt);
        Time(copy, opportunityAt);
        Time(copy, wonAt);
        Time(copy, lostAt);
        Time(copy, wonAt ?? lostAt ?? opportunityAt ?? saoAt);
        Text(copy, saoAt is null ? null : "opp-" + leadId.ToString("N")[..12]);
        Text(copy, saoAt is null ? null : wonAt is not null ? "closed_won" : lostAt is not null ? "closed_lost" : "proposal");
        if (outcome is { } o) copy.Write(o, NpgsqlDbType.Smallint); else copy.WriteNull();
        if (saoAt is null) copy.WriteNull(); else copy.Write((decimal)random.Next(5, 80) * 1_000m, NpgsqlDbType.Numeric);
        Text(copy, saoAt is null ? null : random.NextDouble() < 0.9 ? "USD" : "EUR");
    }

    private static void WriteBreach(NpgsqlBinaryImporter copy, Breach breach, Random random)
    {
        var annotated = random.NextDouble() < 0.6;
        copy.StartRow();
        copy.Write(Guid.CreateVersion7(breach.BreachedAt), NpgsqlDbType.Uuid);
        copy.Write(breach.LeadId, NpgsqlDbType.Uuid);
        copy.Write(breach.ContractVersion, NpgsqlDbType.Integer);
        copy.Write(breach.ClauseId, NpgsqlDbType.Text);
        copy.Write(Teams[breach.Team] + "-rep-" + random.Next(20), NpgsqlDbType.Text);
        copy.Write(Teams[breach.Team], NpgsqlDbType.Text);
        copy.Write(breach.DueAt, NpgsqlDbType.TimestampTz);
        copy.Write(breach.BreachedAt, NpgsqlDbType.TimestampTz);
        copy.Write((breach.BreachedAt - breach.DueAt).Ticks / 10, NpgsqlDbType.Bigint);
        copy.Write(1, NpgsqlDbType.Integer);
        Time(copy, annotated ? breach.BreachedAt.AddMinutes(30) : null);
        Text(copy, annotated ? BreachReasons[random.Next(BreachReasons.Length)] : null);
    }

    // Box–Muller: one standard normal draw.
    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static void Time(NpgsqlBinaryImporter copy, DateTime? value)
    {
        if (value is { } v) copy.Write(v, NpgsqlDbType.TimestampTz); else copy.WriteNull();
    }

    private static void Text(NpgsqlBinaryImporter copy, string? value)
    {
        if (value is null) copy.WriteNull(); else copy.Write(value, NpgsqlDbType.Text);
    }

    private sealed record Breach(Guid LeadId, int ContractVersion, string ClauseId, int Team, DateTime DueAt, DateTime BreachedAt);
}
