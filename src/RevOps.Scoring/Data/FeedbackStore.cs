using Npgsql;
using RevOps.Contracts.Events;
using RevOps.RevenueContract;
using RevOps.Scoring.Domain;

namespace RevOps.Scoring.Data;

/// <summary>What sales made of scored leads, read from scoringdb for SuggestAdjustments.</summary>
internal sealed class FeedbackStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// One row per lead with a disposition at or after <paramref name="since"/> (its own time, occurred_at): the latest
    /// disposition, the criteria its last score before that disposition matched (what sales was judging), and whether it
    /// converted by any time since (<see cref="AdjustmentAdvisor.Converted"/>).
    /// </summary>
    public async Task<IReadOnlyList<DispositionedLead>> DispositionedLeadsAsync(DateTimeOffset? since, ContractDocument contract, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT d.lead_id, d.accepted, d.reason_code,
                ARRAY(
                    SELECT c ->> 'criterionId'
                    FROM (SELECT s.breakdown FROM scores s WHERE s.lead_id = d.lead_id AND s.scored_at <= d.recorded_at
                          ORDER BY s.scored_at DESC, s.id DESC LIMIT 1) AS latest,
                        jsonb_array_elements(latest.breakdown) AS c
                    WHERE (c ->> 'matched')::boolean) AS matched,
                ARRAY(
                    SELECT h.stage FROM opportunity_stage_history h JOIN opportunities o ON o.id = h.opportunity_id
                    WHERE o.lead_id = d.lead_id) AS opportunity_stages,
                (SELECT bool_or(o.outcome = 'won') FROM opportunities o WHERE o.lead_id = d.lead_id) AS won
            FROM (
                SELECT DISTINCT ON (lead_id) lead_id, accepted, reason_code, recorded_at
                FROM dispositions
                WHERE $1::timestamptz IS NULL OR occurred_at >= $1
                ORDER BY lead_id, occurred_at DESC, recorded_at DESC) AS d
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)since ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        var leads = new List<DispositionedLead>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // won is null when the lead has no opportunity; Open then stands for "has one, not won", all the stage rule asks.
            var progress = new LeadProgress
            {
                OpportunityStages = reader.GetFieldValue<string[]>(4),
                Outcome = reader.IsDBNull(5) ? null : reader.GetBoolean(5) ? OpportunityOutcome.Won : OpportunityOutcome.Open,
            };
            leads.Add(new DispositionedLead(
                reader.GetGuid(0),
                reader.GetFieldValue<string[]>(3).ToHashSet(StringComparer.Ordinal),
                reader.GetBoolean(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                AdjustmentAdvisor.Converted(contract, progress)));
        }
        return leads;
    }
}
