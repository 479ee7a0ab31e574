using System.Text.Json;
using Google.Protobuf;
using Npgsql;
using NpgsqlTypes;
using RevOps.Contracts.Events;
using RevOps.Scoring.Domain;
using RevOps.ServiceDefaults.Messaging;

namespace RevOps.Scoring.Data;

/// <summary>
/// The rows one transaction adds for its leads, gathered per table and written as one set-based statement per table
/// (INSERT ... SELECT FROM unnest of array parameters): a batch of 200 leads costs a handful of statements for PostgreSQL
/// to parse and plan instead of a dozen per lead. Its events are published by the writer once the transaction committed
/// (<see cref="OutboxPublisher"/>); the relay publishes their outbox rows only if that has not happened within its grace.
/// </summary>
internal sealed class LeadWrites(int contractVersion, string operation, DateTimeOffset now)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly List<(Guid LeadId, string Source, string? ExternalId, string? Campaign, DateTimeOffset CapturedAt)> _sources = [];
    private readonly List<(Guid LeadId, LeadScore Score)> _scores = [];
    private readonly List<(Guid LeadId, string Stage)> _stages = [];
    private readonly List<(Guid Id, string Type, string Body, object Message)> _events = [];
    private readonly List<(Guid LeadId, int Score, Guid EventId, string Body, LeadQualified Message)> _qualifications = [];
    private readonly List<(string Key, Guid LeadId, byte[] Response)> _keys = [];

    public void Source(Guid leadId, string source, string? externalId, string? campaign, DateTimeOffset capturedAt) =>
        _sources.Add((leadId, source, externalId, campaign, capturedAt));

    public void Score(Guid leadId, LeadScore score) => _scores.Add((leadId, score));

    /// <summary>Moves the lead to <paramref name="stage"/> when it is not there already.</summary>
    public void Stage(LeadRow lead, string stage)
    {
        if (!string.Equals(lead.Stage, stage, StringComparison.Ordinal))
            _stages.Add((lead.Id, stage));
    }

    public void Event<T>(Guid messageId, T message) where T : class =>
        _events.Add((messageId, OutboxBatch.TypeName<T>(), OutboxBatch.Serialize(message), message));

    /// <summary>LeadQualified, written only if the qualifications key (lead, contract version) is new: exactly once per version.</summary>
    public void Qualified(LeadQualified message) =>
        _qualifications.Add((message.LeadId, message.Score, message.EventId, OutboxBatch.Serialize(message), message));

    public void ReplayKeys(IEnumerable<string> keys, Guid leadId, IMessage response)
    {
        var bytes = response.ToByteArray();
        foreach (var key in keys)
            _keys.Add((key, leadId, bytes));
    }

    /// <summary>
    /// Adds one statement per table that has rows to <paramref name="batch"/> and runs it. Returns the events to hand to
    /// <see cref="OutboxPublisher.PublishCommitted"/> after the commit, in order: each lead's before the next lead's, then the
    /// LeadQualified events this transaction wrote (a lead already qualified under the version gets none).
    /// </summary>
    public async Task<IReadOnlyCollection<(Guid MessageId, object Message)>> ExecuteAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        AddTo(batch);
        // Only the qualifications statement returns rows: the ids of the LeadQualified events it wrote.
        var written = new HashSet<Guid>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            do
            {
                while (await reader.ReadAsync(cancellationToken))
                    written.Add(reader.GetGuid(0));
            }
            while (await reader.NextResultAsync(cancellationToken));
        }
        return [.. _events.Select(e => (e.Id, e.Message)), .. _qualifications.Where(q => written.Contains(q.EventId)).Select(q => (q.EventId, (object)q.Message))];
    }

    private void AddTo(NpgsqlBatch batch)
    {
        if (_sources.Count > 0)
        {
            batch.BatchCommands.Add(Command("""
                INSERT INTO lead_sources (lead_id, source, external_id, campaign, captured_at, recorded_at)
                SELECT lead_id, source, external_id, campaign, captured_at, $6
                FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS t(lead_id, source, external_id, campaign, captured_at)
                """,
                _sources.Select(s => s.LeadId).ToArray(), _sources.Select(s => s.Source).ToArray(), _sources.Select(s => s.ExternalId).ToArray(),
                _sources.Select(s => s.Campaign).ToArray(), _sources.Select(s => s.CapturedAt).ToArray(), now));
        }
        if (_scores.Count > 0)
        {
            batch.BatchCommands.Add(Command("""
                INSERT INTO scores (lead_id, contract_version, fit_score, behaviour_score, total_score, icp_fit, breakdown, scored_at)
                SELECT lead_id, $7, fit_score, behaviour_score, total_score, icp_fit, breakdown::jsonb, $8
                FROM unnest($1::uuid[], $2::int[], $3::int[], $4::int[], $5::bool[], $6::text[]) AS t(lead_id, fit_score, behaviour_score, total_score, icp_fit, breakdown)
                """,
                _scores.Select(s => s.LeadId).ToArray(), _scores.Select(s => s.Score.FitScore).ToArray(), _scores.Select(s => s.Score.BehaviourScore).ToArray(),
                _scores.Select(s => s.Score.TotalScore).ToArray(), _scores.Select(s => s.Score.IcpFit).ToArray(),
                _scores.Select(s => JsonSerializer.Serialize(s.Score.Contributions, Json)).ToArray(), contractVersion, now));
        }
        if (_stages.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                "UPDATE leads SET stage = t.stage, updated_at = $3 FROM unnest($1::uuid[], $2::text[]) AS t(id, stage) WHERE leads.id = t.id",
                _stages.Select(s => s.LeadId).ToArray(), _stages.Select(s => s.Stage).ToArray(), now));
        }
        if (_events.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                """
                INSERT INTO outbox (message_id, message_type, body, relay_after)
                SELECT id, type, body::jsonb, now() + $4 FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(id, type, body)
                """,
                _events.Select(e => e.Id).ToArray(), _events.Select(e => e.Type).ToArray(), _events.Select(e => e.Body).ToArray(), OutboxPublisher.RelayGrace));
        }
        if (_qualifications.Count > 0)
        {
            batch.BatchCommands.Add(Command("""
                WITH q AS (
                    INSERT INTO qualifications (lead_id, contract_version, score, qualified_at)
                    SELECT lead_id, $5, score, $6 FROM unnest($1::uuid[], $2::int[]) AS t(lead_id, score)
                    ON CONFLICT DO NOTHING RETURNING lead_id)
                INSERT INTO outbox (message_id, message_type, body, relay_after)
                SELECT t.id, $7, t.body::jsonb, now() + $8
                FROM unnest($1::uuid[], $3::uuid[], $4::text[]) WITH ORDINALITY AS t(lead_id, id, body, n) JOIN q USING (lead_id)
                ORDER BY t.n
                RETURNING message_id
                """,
                _qualifications.Select(q => q.LeadId).ToArray(), _qualifications.Select(q => q.Score).ToArray(), _qualifications.Select(q => q.EventId).ToArray(),
                _qualifications.Select(q => q.Body).ToArray(), contractVersion, now, OutboxBatch.TypeName<LeadQualified>(), OutboxPublisher.RelayGrace));
        }
        if (_keys.Count > 0)
        {
            // A plain insert: a unique violation means another writer recorded the key first, and the caller retries into a replay.
            batch.BatchCommands.Add(Command("""
                INSERT INTO idempotency_keys (key, operation, lead_id, response, created_at)
                SELECT key, $4, lead_id, response, $5 FROM unnest($1::text[], $2::uuid[], $3::bytea[]) AS t(key, lead_id, response)
                """,
                _keys.Select(k => k.Key).ToArray(), _keys.Select(k => k.LeadId).ToArray(), _keys.Select(k => k.Response).ToArray(), operation, now));
        }
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }
}
