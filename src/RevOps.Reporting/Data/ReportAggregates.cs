using Npgsql;
using NpgsqlTypes;
using RevOps.Reporting.Domain;

namespace RevOps.Reporting.Data;

/// <summary>
/// The scorecard's tally and the funnel's counts, aggregated by PostgreSQL so only a few rows leave the database.
/// Each figure selects its leads exactly as <see cref="ScorecardCalculator.Tally"/> and <see cref="FunnelCalculator"/> do in
/// memory; the tests hold the two to the same numbers. Percentiles are percentile_disc: the ⌈p·n⌉-th smallest value,
/// the nearest rank the in-memory tally takes (PostgreSQL's float p·n never rounds past the integer for p = 0.5 or 0.9).
/// </summary>
public sealed class ReportAggregates(NpgsqlDataSource dataSource)
{
    // One bitmap scan over the stage-time indexes finds every lead any figure counts; FILTER picks each figure's ones.
    private static readonly string LeadFigures = $"""
        SELECT
            count(*) FILTER (WHERE disposed_at >= $7 AND disposed_at < $8),
            count(*) FILTER (WHERE disposed_at >= $7 AND disposed_at < $8 AND accepted),
            count(*) FILTER (WHERE compliance_decided),
            count(*) FILTER (WHERE compliance_decided AND first_touch_at <= first_touch_due_at AND first_touch_breached_at IS NULL),
            count(*) FILTER (WHERE mql_at >= $7 AND mql_at < $8),
            count(*) FILTER (WHERE mql_at >= $7 AND mql_at < $8 AND opportunity_at IS NOT NULL),
            count(*) FILTER (WHERE mql_at >= $7 AND mql_at < $8 AND icp_fit),
            count(*) FILTER (WHERE opportunity_at >= $7 AND opportunity_at < $8 AND marketing_sourced),
            count(*) FILTER (WHERE opportunity_at >= $7 AND opportunity_at < $8 AND NOT marketing_sourced),
            count(*) FILTER (WHERE speed_counted),
            percentile_disc(ARRAY[0.5, 0.9]::float8[]) WITHIN GROUP (ORDER BY first_touch_at - assigned_at) FILTER (WHERE speed_counted),
            count(*) FILTER (WHERE cycle_counted),
            -- seconds, exact to the microsecond (numeric)
            sum(extract(epoch FROM closed_at - mql_at)) FILTER (WHERE cycle_counted)
        FROM (
            SELECT *,
                first_touch_due_at >= $7 AND first_touch_due_at < $8
                    AND (first_touch_at IS NOT NULL OR first_touch_breached_at IS NOT NULL OR first_touch_due_at <= $9) AS compliance_decided,
                first_touch_at >= $7 AND first_touch_at < $8 AND first_touch_at >= assigned_at AS speed_counted,
                closed_at >= $7 AND closed_at < $8 AND closed_at >= mql_at AS cycle_counted
            FROM (
                SELECT mql_at, assigned_at, first_touch_at, first_touch_due_at, first_touch_breached_at, opportunity_at, icp_fit,
                    marketing_sourced,
                    -- LeadFact.Disposition: the later of accept and reject counts, accept on a tie
                    accepted_at IS NOT NULL AND (rejected_at IS NULL OR accepted_at >= rejected_at) AS accepted,
                    CASE WHEN rejected_at IS NULL OR accepted_at >= rejected_at THEN accepted_at ELSE rejected_at END AS disposed_at,
                    -- LeadFact.ClosedAt, by the latest outcome (1 won, 2 lost)
                    CASE outcome WHEN 1 THEN won_at WHEN 2 THEN lost_at END AS closed_at
                FROM lead_facts
                WHERE {LeadFactStore.FilterSql}
                  AND ((accepted_at >= $7 AND accepted_at < $8) OR (rejected_at >= $7 AND rejected_at < $8)
                    OR (first_touch_due_at >= $7 AND first_touch_due_at < $8) OR (first_touch_at >= $7 AND first_touch_at < $8)
                    OR (mql_at >= $7 AND mql_at < $8) OR (opportunity_at >= $7 AND opportunity_at < $8)
                    OR (won_at >= $7 AND won_at < $8) OR (lost_at >= $7 AND lost_at < $8))
            ) l
        ) f
        """;

    private static readonly string RejectionReasons = $"""
        SELECT rejection_reason, count(*) FROM lead_facts
        WHERE {LeadFactStore.FilterSql} AND rejected_at >= $7 AND rejected_at < $8 AND rejection_reason IS NOT NULL
        GROUP BY rejection_reason
        """;

    private static readonly string InfluencedRevenue = $"""
        SELECT currency, sum(amount), count(*) FROM lead_facts
        WHERE {LeadFactStore.FilterSql} AND won_at >= $7 AND won_at < $8 AND outcome = 1 AND marketing_influenced
          AND amount IS NOT NULL AND currency IS NOT NULL
        GROUP BY currency
        """;

    // Breaches follow the filter through their lead, looked up by primary key one breach at a time: as a join or EXISTS the
    // planner reads every lead matching the filter instead.
    private static string PeriodBreaches(LeadFilter filter) => filter.IsEmpty
        ? "FROM breach_facts b WHERE breached_at >= $7 AND breached_at < $8"
        : $"""
            FROM breach_facts b
            WHERE breached_at >= $7 AND breached_at < $8
              AND (SELECT {LeadFactStore.FilterSql} FROM lead_facts WHERE lead_id = b.lead_id)
            """;

    // BreachFact.IsUnannotated; the projector stores blank reasons as null, this also covers rows merged directly.
    private static string BreachesByClause(LeadFilter filter) => $"""
        SELECT coalesce(clause_id, 'unknown'), count(*), count(*) FILTER (WHERE reason IS NULL OR btrim(reason, E' \t\r\n\f\v') = '')
        {PeriodBreaches(filter)}
        GROUP BY 1
        """;

    private static string LatestBreaches(LeadFilter filter) => $"""
        SELECT {LeadFactStore.BreachColumns}
        {PeriodBreaches(filter)}
        ORDER BY breached_at DESC, breach_id DESC
        LIMIT {ScorecardCalculator.BreachesListed}
        """;

    private static readonly string FunnelCounts = $"""
        SELECT count(*),
            count(*) FILTER (WHERE COALESCE(mql_at, assigned_at, first_touch_at, accepted_at, sao_at, opportunity_at, won_at) IS NOT NULL),
            count(*) FILTER (WHERE COALESCE(assigned_at, first_touch_at, accepted_at, sao_at, opportunity_at, won_at) IS NOT NULL),
            count(*) FILTER (WHERE COALESCE(first_touch_at, accepted_at, sao_at, opportunity_at, won_at) IS NOT NULL),
            count(*) FILTER (WHERE COALESCE(accepted_at, sao_at, opportunity_at, won_at) IS NOT NULL),
            count(*) FILTER (WHERE COALESCE(sao_at, opportunity_at, won_at) IS NOT NULL),
            count(*) FILTER (WHERE COALESCE(opportunity_at, won_at) IS NOT NULL),
            count(*) FILTER (WHERE won_at IS NOT NULL)
        FROM lead_facts
        WHERE {LeadFactStore.FilterSql} AND captured_at >= $7 AND captured_at < $8
        """;

    /// <param name="asOf">First-touch clocks due after it are not judged yet: now, for a running period, else its end.</param>
    public async Task<ScorecardTally> ScorecardTallyAsync(ReportPeriod period, LeadFilter filter, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = ReportBatch(connection, transaction);
        batch.BatchCommands.Add(Command(LeadFigures, period, filter, Time(asOf)));
        batch.BatchCommands.Add(Command(RejectionReasons, period, filter));
        batch.BatchCommands.Add(Command(InfluencedRevenue, period, filter));
        batch.BatchCommands.Add(Command(BreachesByClause(filter), period, filter));
        batch.BatchCommands.Add(Command(LatestBreaches(filter), period, filter));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);

        await reader.ReadAsync(cancellationToken);
        var percentiles = reader.IsDBNull(10) ? null : reader.GetFieldValue<TimeSpan[]>(10);
        var tally = new ScorecardTally
        {
            Dispositioned = reader.GetInt64(0),
            Accepted = reader.GetInt64(1),
            ComplianceDecided = reader.GetInt64(2),
            Compliant = reader.GetInt64(3),
            Mqls = reader.GetInt64(4),
            MqlsToOpportunity = reader.GetInt64(5),
            IcpMqls = reader.GetInt64(6),
            MarketingOpportunities = reader.GetInt64(7),
            SalesOpportunities = reader.GetInt64(8),
            Speeds = reader.GetInt64(9),
            SpeedP50 = percentiles?[0],
            SpeedP90 = percentiles?[1],
            Cycles = reader.GetInt64(11),
            CycleTicks = reader.IsDBNull(12) ? 0 : reader.GetDecimal(12) * TimeSpan.TicksPerSecond,
        };

        await reader.NextResultAsync(cancellationToken);
        var reasons = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
            reasons[reader.GetString(0)] = reader.GetInt64(1);

        await reader.NextResultAsync(cancellationToken);
        var revenue = new Dictionary<string, decimal>(StringComparer.Ordinal);
        long deals = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            revenue[reader.GetString(0)] = reader.GetDecimal(1);
            deals += reader.GetInt64(2);
        }

        await reader.NextResultAsync(cancellationToken);
        var byClause = new List<ClauseBreaches>();
        while (await reader.ReadAsync(cancellationToken))
            byClause.Add(new ClauseBreaches(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));

        await reader.NextResultAsync(cancellationToken);
        var latest = new List<BreachFact>(ScorecardCalculator.BreachesListed);
        while (await reader.ReadAsync(cancellationToken))
            latest.Add(LeadFactStore.ReadBreach(reader));
        latest.Reverse();

        return tally with
        {
            RejectionReasons = reasons,
            InfluencedRevenue = revenue,
            InfluencedDeals = deals,
            BreachesByClause = byClause,
            Breaches = byClause.Sum(c => c.Count),
            UnannotatedBreaches = byClause.Sum(c => c.Unannotated),
            LatestBreaches = latest,
        };
    }

    /// <summary>How many of the leads captured in the period reached each stage (or a later one), in <see cref="FunnelStage"/> order.</summary>
    public async Task<long[]> FunnelCountsAsync(ReportPeriod period, LeadFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = ReportBatch(connection, transaction);
        batch.BatchCommands.Add(Command(FunnelCounts, period, filter));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var counts = new long[reader.FieldCount];
        for (var i = 0; i < counts.Length; i++)
            counts[i] = reader.GetInt64(i);
        return counts;
    }

    // For this transaction only: JIT compiling costs more than it saves on scans of a few hundred thousand rows, the
    // percentile's sort of a big period must not spill to disk, and the statements (auto-prepared) are planned for their
    // period and filter each time: a generic plan cannot tell a day from two years, or a filter from none.
    private static NpgsqlBatch ReportBatch(NpgsqlConnection connection, NpgsqlTransaction transaction) => new(connection, transaction)
    {
        BatchCommands = { new("SET LOCAL jit = off"), new("SET LOCAL work_mem = '64MB'"), new("SET LOCAL plan_cache_mode = force_custom_plan") },
    };

    // $1..$6 the filter, $7 and $8 the period, then the statement's own.
    private static NpgsqlBatchCommand Command(string sql, ReportPeriod period, LeadFilter filter, NpgsqlParameter? extra = null)
    {
        var command = new NpgsqlBatchCommand(sql);
        LeadFactStore.AddFilterParameters(command.Parameters, filter);
        command.Parameters.Add(Time(period.From));
        command.Parameters.Add(Time(period.To));
        if (extra is not null)
            command.Parameters.Add(extra);
        return command;
    }

    private static NpgsqlParameter Time(DateTimeOffset value) => new() { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = value };

}
