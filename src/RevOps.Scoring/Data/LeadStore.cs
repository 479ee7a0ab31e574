using System.Text.Json;
using Google.Protobuf;
using Npgsql;
using NpgsqlTypes;
using RevOps.Contracts.Events;
using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.RevenueContract;
using RevOps.Scoring.Domain;
using RevOps.Scoring.Grpc.Internal;
using RevOps.ServiceDefaults.Messaging;

namespace RevOps.Scoring.Data;

/// <summary>
/// Leads and their history in scoringdb. Each call is one transaction holding the state change, its score, its events
/// (outbox) and its idempotency record; the lead row is locked first (INSERT ... ON CONFLICT / FOR UPDATE), so two replicas
/// handling the same lead serialize, and a unique violation on a key means "someone else did it": retry, then replay.
/// </summary>
internal sealed partial class LeadStore(NpgsqlDataSource dataSource, OutboxPublisher outbox, ILogger<LeadStore> logger)
{
    private const string SubmitLeadOperation = "SubmitLead";
    private const int MaxAttempts = 5;

    /// <summary>The idempotency key standing for an upstream record, so (source, external id) replays like a caller's key.</summary>
    public static string SourceKey(string kind, string source, string externalId) => $"\u001f{kind}\u001f{source}\u001f{externalId}";

    /// <summary>
    /// Writes a batch of leads in one transaction (or, if it keeps failing on conflicts, one transaction per lead) and
    /// returns one outcome per request, keyed by <see cref="LeadRequest.Index"/>.
    /// </summary>
    public async Task<Dictionary<int, LeadOutcome>> SubmitAsync(IReadOnlyList<LeadRequest> requests, ContractDocument contract, CancellationToken cancellationToken)
    {
        var outcomes = new Dictionary<int, LeadOutcome>();
        foreach (var chunk in Independent(requests))
        {
            try
            {
                foreach (var (index, outcome) in await WithRetryAsync(() => SubmitChunkAsync(chunk, contract, cancellationToken), chunk.Count == 1 ? MaxAttempts : 2, cancellationToken))
                    outcomes[index] = outcome;
            }
            catch (PostgresException ex) when (chunk.Count > 1 && IsConflict(ex))
            {
                // Another replica keeps racing this batch: settle the leads one by one.
                foreach (var single in chunk)
                {
                    foreach (var (index, outcome) in await WithRetryAsync(() => SubmitChunkAsync([single], contract, cancellationToken), MaxAttempts, cancellationToken))
                        outcomes[index] = outcome;
                }
            }
        }
        return outcomes;
    }

    private async Task<Dictionary<int, LeadOutcome>> SubmitChunkAsync(IReadOnlyList<LeadRequest> chunk, ContractDocument contract, CancellationToken cancellationToken)
    {
        var outcomes = new Dictionary<int, LeadOutcome>();
        var now = DateTimeOffset.UtcNow;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var stored = await FindKeysAsync(connection, transaction, chunk.SelectMany(r => r.ReplayKeys()).ToArray(), cancellationToken);
        var fresh = new List<LeadRequest>();
        foreach (var request in chunk)
        {
            var hit = request.ReplayKeys().Select(k => stored.GetValueOrDefault(k)).FirstOrDefault(h => h.Response is not null);
            if (hit.Response is null)
                fresh.Add(request);
            else if (hit.Operation != SubmitLeadOperation)
                outcomes[request.Index] = new LeadOutcome(null, [new Violation("idempotency_key", $"this key was already used for {hit.Operation}; use a new key per request")]);
            else
                outcomes[request.Index] = new LeadOutcome(Replayed(SubmitLeadResponse.Parser.ParseFrom(hit.Response)), []);
        }
        if (fresh.Count == 0)
            return outcomes;

        // Lock lead rows in one order everywhere, so concurrent batches cannot deadlock on them.
        fresh.Sort((a, b) => string.CompareOrdinal(a.NormalizedEmail, b.NormalizedEmail));
        var upserted = await UpsertLeadsAsync(connection, transaction, fresh, contract, now, cancellationToken);
        var histories = await LoadHistoriesAsync(connection, transaction, upserted.Values.Where(u => !u.Created).Select(u => u.Lead.Id).ToArray(), cancellationToken);

        var writes = new LeadWrites(contract.Version, SubmitLeadOperation, now);
        foreach (var request in fresh)
        {
            var (lead, created) = upserted[request.NormalizedEmail];
            var submission = request.Lead;
            var capturedAt = submission.CapturedAt ?? now;
            var history = histories.GetValueOrDefault(lead.Id) ?? LeadHistory.Empty;
            var sourceForScoring = history.FirstSource ?? submission.Source;
            var campaignForScoring = history.FirstSource is null ? submission.Campaign : history.FirstCampaign;

            writes.Source(lead.Id, submission.Source!, submission.ExternalId, submission.Campaign, capturedAt);
            var capturedId = Guid.CreateVersion7();
            writes.Event(capturedId, new LeadCaptured
            {
                EventId = capturedId,
                OccurredAt = capturedAt,
                ContractVersion = contract.Version,
                LeadId = lead.Id,
                IsNewLead = created,
                Source = submission.Source!,
                ExternalId = submission.ExternalId,
                Campaign = submission.Campaign,
                Segment = contract.CompanySizeBandFor(lead.AnnualRevenue)?.Id,
                Country = lead.Country,
                Region = lead.Region,
                Industry = lead.Industry,
                MarketingSourced = contract.OwnerOfSource(submission.Source!) == SourceOwner.Marketing,
            });
            var scored = AddScoring(writes, contract, lead, history, sourceForScoring, campaignForScoring, now);

            var response = new SubmitLeadResponse
            {
                LeadId = lead.Id.ToString(),
                Created = created,
                Score = LeadMapping.ToBreakdown(scored.Score),
                Stage = scored.Stage,
                ContractVersion = contract.Version,
                Qualified = scored.Qualified,
            };
            writes.ReplayKeys(request.ReplayKeys(), lead.Id, response);
            outcomes[request.Index] = new LeadOutcome(response, []);
        }
        await using var batch = new NpgsqlBatch(connection, transaction);
        var events = await writes.ExecuteAsync(batch, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.PublishCommitted(events);
        return outcomes;
    }

    /// <summary>Records a behaviour activity and re-scores the lead; null when the lead does not exist.</summary>
    public Task<RecordActivityResponse?> RecordActivityAsync(string? idempotencyKey, ActivitySubmission activity, ContractDocument contract, CancellationToken cancellationToken) =>
        WithRetryAsync(async () =>
        {
            const string operation = "RecordActivity";
            var keys = Keys(idempotencyKey, activity.ExternalId is { } ext ? SourceKey("activity", activity.Source!, ext) : null);
            var now = DateTimeOffset.UtcNow;
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (await ReplayAsync(connection, transaction, keys, operation, RecordActivityResponse.Parser, cancellationToken) is { } replay)
            {
                replay.Replayed = true;
                return replay;
            }
            var lead = activity.LeadId is { } id
                ? await LockLeadAsync(connection, transaction, "id = $1", Guid.Parse(id), cancellationToken)
                : await LockLeadAsync(connection, transaction, "email = $1", EmailAddress.Normalize(activity.Email!), cancellationToken);
            if (lead is null)
                return null;

            var activityId = Guid.CreateVersion7();
            var occurredAt = activity.OccurredAt ?? now;
            await using (var insert = new NpgsqlCommand("""
                INSERT INTO activities (id, lead_id, activity_type, occurred_at, detail, source, external_id, recorded_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """, connection, transaction))
            {
                AddParameters(insert.Parameters, activityId, lead.Id, activity.ActivityType, occurredAt, activity.Detail, activity.Source, activity.ExternalId, now);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            var history = (await LoadHistoriesAsync(connection, transaction, [lead.Id], cancellationToken)).GetValueOrDefault(lead.Id) ?? LeadHistory.Empty;

            var writes = new LeadWrites(contract.Version, operation, now);
            writes.Event(activityId, new ActivityRecorded
            {
                EventId = activityId,
                OccurredAt = occurredAt,
                ContractVersion = contract.Version,
                LeadId = lead.Id,
                ActivityId = activityId,
                ActivityType = activity.ActivityType!,
                Detail = activity.Detail,
            });
            var scored = AddScoring(writes, contract, lead, history, history.FirstSource, history.FirstCampaign, now);
            var response = new RecordActivityResponse
            {
                ActivityId = activityId.ToString(),
                LeadId = lead.Id.ToString(),
                Score = LeadMapping.ToBreakdown(scored.Score),
                Stage = scored.Stage,
                Qualified = scored.Qualified,
            };
            writes.ReplayKeys(keys, lead.Id, response);
            await using var batch = new NpgsqlBatch(connection, transaction);
            var events = await writes.ExecuteAsync(batch, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            outbox.PublishCommitted(events);
            return response;
        }, MaxAttempts, cancellationToken);

    /// <summary>Records a sales touch; null when the lead does not exist.</summary>
    public Task<RecordTouchResponse?> RecordTouchAsync(string? idempotencyKey, TouchSubmission touch, ContractDocument contract, CancellationToken cancellationToken) =>
        WithRetryAsync(async () =>
        {
            const string operation = "RecordTouch";
            var keys = Keys(idempotencyKey, null);
            var now = DateTimeOffset.UtcNow;
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (await ReplayAsync(connection, transaction, keys, operation, RecordTouchResponse.Parser, cancellationToken) is { } replay)
            {
                replay.Replayed = true;
                return replay;
            }
            var lead = await LockLeadAsync(connection, transaction, "id = $1", Guid.Parse(touch.LeadId!), cancellationToken);
            if (lead is null)
                return null;
            var touchId = Guid.CreateVersion7();
            var occurredAt = touch.OccurredAt ?? now;
            await using var batch = new NpgsqlBatch(connection, transaction);
            batch.BatchCommands.Add(Command(
                "INSERT INTO touches (id, lead_id, rep_id, channel, occurred_at, note, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                touchId, lead.Id, touch.RepId, touch.Channel, occurredAt, touch.Note, now));
            var writes = new LeadWrites(contract.Version, operation, now);
            writes.Event(touchId, new LeadTouched
            {
                EventId = touchId,
                OccurredAt = occurredAt,
                ContractVersion = contract.Version,
                LeadId = lead.Id,
                TouchId = touchId,
                RepId = touch.RepId!,
                Channel = touch.Channel!,
            });
            var response = new RecordTouchResponse { TouchId = touchId.ToString() };
            writes.ReplayKeys(keys, lead.Id, response);
            var events = await writes.ExecuteAsync(batch, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            outbox.PublishCommitted(events);
            return response;
        }, MaxAttempts, cancellationToken);

    /// <summary>Records an accept or a reject and moves the lead's stage; null when the lead does not exist.</summary>
    public Task<RecordDispositionResponse?> RecordDispositionAsync(string? idempotencyKey, DispositionSubmission disposition, ContractDocument contract, CancellationToken cancellationToken) =>
        WithRetryAsync(async () =>
        {
            const string operation = "RecordDisposition";
            var keys = Keys(idempotencyKey, null);
            var now = DateTimeOffset.UtcNow;
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (await ReplayAsync(connection, transaction, keys, operation, RecordDispositionResponse.Parser, cancellationToken) is { } replay)
            {
                replay.Replayed = true;
                return replay;
            }
            var lead = await LockLeadAsync(connection, transaction, "id = $1", Guid.Parse(disposition.LeadId!), cancellationToken);
            if (lead is null)
                return null;
            var dispositionId = Guid.CreateVersion7();
            var occurredAt = disposition.OccurredAt ?? now;
            var accepted = disposition.Decision == DispositionDecision.Accept;
            await using (var insert = new NpgsqlCommand("""
                INSERT INTO dispositions (id, lead_id, rep_id, accepted, reason_code, note, contract_version, occurred_at, recorded_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                """, connection, transaction))
            {
                AddParameters(insert.Parameters, dispositionId, lead.Id, disposition.RepId, accepted, accepted ? null : disposition.ReasonCode,
                    disposition.Note, contract.Version, occurredAt, now);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            var history = (await LoadHistoriesAsync(connection, transaction, [lead.Id], cancellationToken)).GetValueOrDefault(lead.Id) ?? LeadHistory.Empty;
            var stage = StageResolver.Determine(contract, history.ToProgress()).Id;

            var writes = new LeadWrites(contract.Version, operation, now);
            writes.Stage(lead, stage);
            if (accepted)
            {
                writes.Event(dispositionId, new LeadAccepted
                {
                    EventId = dispositionId, OccurredAt = occurredAt, ContractVersion = contract.Version, LeadId = lead.Id, RepId = disposition.RepId!, Note = disposition.Note,
                });
            }
            else
            {
                writes.Event(dispositionId, new LeadRejected
                {
                    EventId = dispositionId, OccurredAt = occurredAt, ContractVersion = contract.Version, LeadId = lead.Id, RepId = disposition.RepId!,
                    ReasonCode = disposition.ReasonCode!, Note = disposition.Note,
                });
            }
            var response = new RecordDispositionResponse { DispositionId = dispositionId.ToString(), Stage = stage };
            writes.ReplayKeys(keys, lead.Id, response);
            await using var batch = new NpgsqlBatch(connection, transaction);
            var events = await writes.ExecuteAsync(batch, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            outbox.PublishCommitted(events);
            return response;
        }, MaxAttempts, cancellationToken);

    /// <summary>Records the latest state of a CRM opportunity and moves the lead's stage; null when the lead does not exist.</summary>
    public Task<RecordOpportunityResponse?> RecordOpportunityAsync(string? idempotencyKey, OpportunitySubmission opportunity, ContractDocument contract, CancellationToken cancellationToken) =>
        WithRetryAsync(async () =>
        {
            const string operation = "RecordOpportunity";
            var keys = Keys(idempotencyKey, null);
            var now = DateTimeOffset.UtcNow;
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (await ReplayAsync(connection, transaction, keys, operation, RecordOpportunityResponse.Parser, cancellationToken) is { } replay)
            {
                replay.Replayed = true;
                return replay;
            }
            var lead = await LockLeadAsync(connection, transaction, "id = $1", Guid.Parse(opportunity.LeadId!), cancellationToken);
            if (lead is null)
                return null;
            var occurredAt = opportunity.OccurredAt ?? now;
            var outcome = opportunity.Outcome!.Value;
            await using (var upsert = new NpgsqlCommand("""
                INSERT INTO opportunities (id, lead_id, stage, outcome, amount, currency, close_date, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (id) DO UPDATE SET stage = EXCLUDED.stage, outcome = EXCLUDED.outcome, amount = EXCLUDED.amount,
                    currency = EXCLUDED.currency, close_date = EXCLUDED.close_date, updated_at = EXCLUDED.updated_at
                WHERE opportunities.lead_id = EXCLUDED.lead_id
                RETURNING 1
                """, connection, transaction))
            {
                AddParameters(upsert.Parameters, opportunity.OpportunityId, lead.Id, opportunity.Stage, OutcomeName(outcome), opportunity.Amount,
                    opportunity.Currency, opportunity.CloseDate, occurredAt);
                if (await upsert.ExecuteScalarAsync(cancellationToken) is null)
                    throw new RpcException(new Status(StatusCode.FailedPrecondition, $"opportunity {opportunity.OpportunityId} belongs to another lead"));
            }
            await using (var stageHistory = new NpgsqlCommand(
                "INSERT INTO opportunity_stage_history (opportunity_id, stage, entered_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", connection, transaction))
            {
                AddParameters(stageHistory.Parameters, opportunity.OpportunityId, opportunity.Stage, occurredAt);
                await stageHistory.ExecuteNonQueryAsync(cancellationToken);
            }
            var history = (await LoadHistoriesAsync(connection, transaction, [lead.Id], cancellationToken)).GetValueOrDefault(lead.Id) ?? LeadHistory.Empty;
            var stage = StageResolver.Determine(contract, history.ToProgress()).Id;

            var writes = new LeadWrites(contract.Version, operation, now);
            writes.Stage(lead, stage);
            var eventId = Guid.CreateVersion7();
            writes.Event(eventId, new OpportunityUpdated
            {
                EventId = eventId,
                OccurredAt = occurredAt,
                ContractVersion = contract.Version,
                LeadId = lead.Id,
                OpportunityId = opportunity.OpportunityId!,
                Stage = opportunity.Stage!,
                Outcome = outcome,
                Amount = opportunity.Amount!.Value,
                Currency = opportunity.Currency!,
                CloseDate = opportunity.CloseDate,
                LeadStage = stage,
            });
            var response = new RecordOpportunityResponse { Stage = stage };
            writes.ReplayKeys(keys, lead.Id, response);
            await using var batch = new NpgsqlBatch(connection, transaction);
            var events = await writes.ExecuteAsync(batch, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            outbox.PublishCommitted(events);
            return response;
        }, MaxAttempts, cancellationToken);

    /// <summary>The lead with its sources, history and timeline (newest 500 entries); null when it does not exist.</summary>
    public async Task<LeadView?> GetAsync(Guid? leadId, string? normalizedEmail, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        LeadRow? lead;
        await using (var select = new NpgsqlCommand($"SELECT {LeadRow.Columns} FROM leads WHERE {(leadId is null ? "email" : "id")} = $1", connection)
            { Parameters = { new() { Value = (object?)leadId ?? normalizedEmail! } } })
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            lead = await reader.ReadAsync(cancellationToken) ? LeadRow.Read(reader) : null;
        if (lead is null)
            return null;

        var history = (await LoadHistoriesAsync(connection, null, [lead.Id], cancellationToken)).GetValueOrDefault(lead.Id) ?? LeadHistory.Empty;
        var sources = new List<LeadSourceRecord>();
        await using (var select = new NpgsqlCommand(
            "SELECT source, external_id, campaign, captured_at FROM lead_sources WHERE lead_id = $1 ORDER BY id", connection)
            { Parameters = { new() { Value = lead.Id } } })
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                sources.Add(new LeadSourceRecord
                {
                    Source = reader.GetString(0),
                    ExternalId = reader.IsDBNull(1) ? "" : reader.GetString(1),
                    Campaign = reader.IsDBNull(2) ? "" : reader.GetString(2),
                    CapturedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(reader.GetFieldValue<DateTimeOffset>(3)),
                });
            }
        }
        var timeline = new List<TimelineEntry>();
        await using (var select = new NpgsqlCommand("""
            SELECT * FROM (
                SELECT captured_at AS at, 'captured' AS kind, 'from ' || source || COALESCE(' (' || external_id || ')', '') AS summary, '' AS ref_id FROM lead_sources WHERE lead_id = $1
                UNION ALL SELECT occurred_at, 'activity', activity_type || COALESCE(': ' || detail, ''), id::text FROM activities WHERE lead_id = $1
                UNION ALL SELECT scored_at, 'scored', 'total ' || total_score || ' (fit ' || fit_score || ', behaviour ' || behaviour_score || ') under contract v' || contract_version, '' FROM scores WHERE lead_id = $1
                UNION ALL SELECT qualified_at, 'qualified', 'crossed the MQL threshold with ' || score || ' under contract v' || contract_version, '' FROM qualifications WHERE lead_id = $1
                UNION ALL SELECT occurred_at, 'touch', channel || ' by ' || rep_id, id::text FROM touches WHERE lead_id = $1
                UNION ALL SELECT occurred_at, CASE WHEN accepted THEN 'accepted' ELSE 'rejected' END, 'by ' || rep_id || COALESCE(': ' || reason_code, ''), id::text FROM dispositions WHERE lead_id = $1
                UNION ALL SELECT h.entered_at, 'opportunity', o.id || ' entered ' || h.stage, o.id FROM opportunity_stage_history h JOIN opportunities o ON o.id = h.opportunity_id WHERE o.lead_id = $1
                ORDER BY 1 DESC LIMIT 500) AS t
            ORDER BY at
            """, connection)
            { Parameters = { new() { Value = lead.Id } } })
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                timeline.Add(new TimelineEntry
                {
                    At = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(reader.GetFieldValue<DateTimeOffset>(0)),
                    Kind = reader.GetString(1),
                    Summary = reader.GetString(2),
                    RefId = reader.GetString(3),
                });
            }
        }
        return new LeadView(lead, history, sources, timeline);
    }

    /// <summary>Scores the lead, and adds its score row, stage change, LeadScored and (once per version) LeadQualified to the writes.</summary>
    private static (LeadScore Score, string Stage, bool Qualified) AddScoring(
        LeadWrites writes, ContractDocument contract, LeadRow lead, LeadHistory history, string? source, string? campaign, DateTimeOffset now)
    {
        var attributes = lead.ToAttributes(contract, source, campaign);
        var score = LeadScorer.Score(contract, attributes, history.Activities, now);
        // The lead row is locked, so the qualifications read in this transaction are current; the key still guards the insert.
        var qualifies = Qualification.ShouldQualify(score, history.QualifiedVersions);
        var stage = StageResolver.Determine(contract, history.ToProgress() with { Qualified = history.QualifiedVersions.Count > 0 || qualifies }, score).Id;

        writes.Score(lead.Id, score);
        writes.Stage(lead, stage);
        var scoredId = Guid.CreateVersion7();
        writes.Event(scoredId, new LeadScored
        {
            EventId = scoredId,
            OccurredAt = now,
            ContractVersion = contract.Version,
            LeadId = lead.Id,
            FitScore = score.FitScore,
            BehaviourScore = score.BehaviourScore,
            TotalScore = score.TotalScore,
            Stage = stage,
            IcpFit = score.IcpFit,
            Contributions = score.Contributions.ToDictionary(c => c.CriterionId, c => c.Points, StringComparer.Ordinal),
        });
        if (qualifies)
        {
            writes.Qualified(new LeadQualified
                {
                    EventId = Guid.CreateVersion7(),
                    OccurredAt = now,
                    ContractVersion = contract.Version,
                    LeadId = lead.Id,
                    Score = score.TotalScore,
                    FitScore = score.FitScore,
                    BehaviourScore = score.BehaviourScore,
                    IcpFit = score.IcpFit,
                    Country = lead.Country,
                    Region = lead.Region,
                    CompanySizeBand = attributes.CompanySizeBand,
                    AnnualRevenue = lead.AnnualRevenue,
                    Industry = lead.Industry,
                    Source = source ?? "",
                    Campaign = campaign,
                    CustomFields = lead.CustomFields,
                });
        }
        return (score, stage, qualifies);
    }

    /// <summary>
    /// Inserts new leads and merges known emails into their row (known values win, gaps are filled), locking each row, in one
    /// statement. Rows are taken in the requests' order (sorted by email), so concurrent writers lock in the same order.
    /// The requests must have distinct emails: one statement cannot update a row twice.
    /// </summary>
    private static async Task<Dictionary<string, (LeadRow Lead, bool Created)>> UpsertLeadsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<LeadRequest> requests, ContractDocument contract, DateTimeOffset now, CancellationToken cancellationToken)
    {
        T[] Column<T>(Func<LeadSubmission, T> value) => requests.Select(r => value(r.Lead)).ToArray();
        await using var upsert = new NpgsqlCommand($"""
            INSERT INTO leads (id, email, raw_email, first_name, last_name, job_title, company, country, region, industry, annual_revenue,
                annual_revenue_currency, employee_count, decision_timeline_days, budget_authority, custom_fields, stage, created_at, updated_at)
            SELECT id, email, raw_email, first_name, last_name, job_title, company, country, region, industry, annual_revenue,
                annual_revenue_currency, employee_count, decision_timeline_days, budget_authority, custom_fields::jsonb, $17, $18, $18
            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                $11::numeric[], $12::text[], $13::int[], $14::int[], $15::bool[], $16::text[]) WITH ORDINALITY
                AS t(id, email, raw_email, first_name, last_name, job_title, company, country, region, industry, annual_revenue,
                    annual_revenue_currency, employee_count, decision_timeline_days, budget_authority, custom_fields, n)
            ORDER BY n
            ON CONFLICT (email) DO UPDATE SET
                first_name = COALESCE(leads.first_name, EXCLUDED.first_name),
                last_name = COALESCE(leads.last_name, EXCLUDED.last_name),
                job_title = COALESCE(leads.job_title, EXCLUDED.job_title),
                company = COALESCE(leads.company, EXCLUDED.company),
                country = COALESCE(leads.country, EXCLUDED.country),
                region = COALESCE(leads.region, EXCLUDED.region),
                industry = COALESCE(leads.industry, EXCLUDED.industry),
                annual_revenue_currency = CASE WHEN leads.annual_revenue IS NULL THEN EXCLUDED.annual_revenue_currency ELSE leads.annual_revenue_currency END,
                annual_revenue = COALESCE(leads.annual_revenue, EXCLUDED.annual_revenue),
                employee_count = COALESCE(leads.employee_count, EXCLUDED.employee_count),
                decision_timeline_days = COALESCE(leads.decision_timeline_days, EXCLUDED.decision_timeline_days),
                budget_authority = COALESCE(leads.budget_authority, EXCLUDED.budget_authority),
                custom_fields = EXCLUDED.custom_fields || leads.custom_fields,
                updated_at = EXCLUDED.updated_at
            RETURNING {LeadRow.Columns}, (xmax = 0) AS created
            """, connection, transaction);
        AddParameters(upsert.Parameters,
            requests.Select(_ => Guid.CreateVersion7()).ToArray(), requests.Select(r => r.NormalizedEmail).ToArray(), Column(l => l.Email!.Trim()),
            Column(l => l.FirstName), Column(l => l.LastName), Column(l => l.JobTitle), Column(l => l.Company), Column(l => l.Country?.ToUpperInvariant()),
            Column(l => l.Region), Column(l => l.Industry), Column(l => l.AnnualRevenue),
            Column(l => l.AnnualRevenue is null ? null : (l.AnnualRevenueCurrency ?? "USD").ToUpperInvariant()),
            Column(l => l.EmployeeCount), Column(l => l.DecisionTimelineDays), Column(l => l.BudgetAuthority),
            Column(l => JsonSerializer.Serialize(l.CustomFields)), contract.Lifecycle[0].Id, now);
        var rows = new Dictionary<string, (LeadRow, bool)>(requests.Count, StringComparer.Ordinal);
        await using var reader = await upsert.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var lead = LeadRow.Read(reader);
            rows.Add(lead.Email, (lead, reader.GetBoolean(20)));
        }
        return rows;
    }

    private static async Task<LeadRow?> LockLeadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string condition, object value, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand($"SELECT {LeadRow.Columns} FROM leads WHERE {condition} FOR UPDATE", connection, transaction)
        {
            Parameters = { new() { Value = value } },
        };
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? LeadRow.Read(reader) : null;
    }

    /// <summary>Everything scoring and the stage rules read about these leads, in one round trip.</summary>
    private static async Task<Dictionary<Guid, LeadHistory>> LoadHistoriesAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid[] leadIds, CancellationToken cancellationToken)
    {
        var histories = leadIds.Distinct().ToDictionary(id => id, _ => new LeadHistory());
        if (leadIds.Length == 0)
            return histories;
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command("SELECT lead_id, activity_type, occurred_at, detail FROM activities WHERE lead_id = ANY($1)", leadIds),
                Command("SELECT lead_id, contract_version FROM qualifications WHERE lead_id = ANY($1)", leadIds),
                Command("SELECT DISTINCT ON (lead_id) lead_id, accepted FROM dispositions WHERE lead_id = ANY($1) ORDER BY lead_id, occurred_at DESC, recorded_at DESC", leadIds),
                Command("SELECT o.lead_id, h.stage FROM opportunity_stage_history h JOIN opportunities o ON o.id = h.opportunity_id WHERE o.lead_id = ANY($1)", leadIds),
                Command("SELECT DISTINCT ON (lead_id) lead_id, outcome FROM opportunities WHERE lead_id = ANY($1) ORDER BY lead_id, updated_at DESC", leadIds),
                Command("SELECT DISTINCT ON (lead_id) lead_id, source, campaign FROM lead_sources WHERE lead_id = ANY($1) ORDER BY lead_id, id", leadIds),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            histories[reader.GetGuid(0)].Activities.Add(new ActivityFact(reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            histories[reader.GetGuid(0)].QualifiedVersions.Add(reader.GetInt32(1));
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            histories[reader.GetGuid(0)].Accepted = reader.GetBoolean(1);
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            histories[reader.GetGuid(0)].OpportunityStages.Add(reader.GetString(1));
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            histories[reader.GetGuid(0)].Outcome = reader.GetString(1) switch
            {
                "won" => OpportunityOutcome.Won,
                "lost" => OpportunityOutcome.Lost,
                _ => OpportunityOutcome.Open,
            };
        }
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var history = histories[reader.GetGuid(0)];
            history.FirstSource = reader.GetString(1);
            history.FirstCampaign = reader.IsDBNull(2) ? null : reader.GetString(2);
        }
        return histories;
    }

    private static async Task<Dictionary<string, (string Operation, byte[]? Response)>> FindKeysAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] keys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, (string, byte[]?)>(StringComparer.Ordinal);
        if (keys.Length == 0)
            return found;
        await using var select = new NpgsqlCommand("SELECT key, operation, response FROM idempotency_keys WHERE key = ANY($1)", connection, transaction)
        {
            Parameters = { new() { Value = keys } },
        };
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            found[reader.GetString(0)] = (reader.GetString(1), reader.GetFieldValue<byte[]>(2));
        return found;
    }

    /// <summary>The stored response for any of <paramref name="keys"/>; INVALID_ARGUMENT when a key was used for another operation.</summary>
    private static async Task<T?> ReplayAsync<T>(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] keys, string operation, MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        foreach (var (_, (storedOperation, response)) in await FindKeysAsync(connection, transaction, keys, cancellationToken))
        {
            if (storedOperation != operation)
                throw RpcExceptions.InvalidArgument(("idempotency_key", $"this key was already used for {storedOperation}; use a new key per request"));
            return parser.ParseFrom(response);
        }
        return null;
    }

    private static SubmitLeadResponse Replayed(SubmitLeadResponse response)
    {
        response.Replayed = true;
        return response;
    }

    private static string[] Keys(string? idempotencyKey, string? sourceKey) =>
        new[] { idempotencyKey, sourceKey }.OfType<string>().ToArray();

    /// <summary>Splits requests into chunks in which no two share an email or a replay key, so each chunk can run as one transaction.</summary>
    private static IEnumerable<List<LeadRequest>> Independent(IReadOnlyList<LeadRequest> requests)
    {
        var chunk = new List<LeadRequest>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            var marks = request.ReplayKeys().Append("\u001femail\u001f" + request.NormalizedEmail).ToList();
            if (marks.Any(seen.Contains))
            {
                yield return chunk;
                chunk = [];
                seen.Clear();
            }
            chunk.Add(request);
            seen.UnionWith(marks);
        }
        if (chunk.Count > 0)
            yield return chunk;
    }

    private async Task<T> WithRetryAsync<T>(Func<Task<T>> attempt, int maxAttempts, CancellationToken cancellationToken)
    {
        for (var attemptNumber = 1; ; attemptNumber++)
        {
            try
            {
                return await attempt();
            }
            catch (PostgresException ex) when (IsConflict(ex) && attemptNumber < maxAttempts)
            {
                // The other writer committed (unique key) or one of us was chosen as deadlock victim: the next attempt sees its work.
                LogConflictRetry(logger, ex.SqlState, attemptNumber);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attemptNumber)), cancellationToken);
            }
        }
    }

    private static bool IsConflict(PostgresException ex) =>
        ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure;

    private static string OutcomeName(OpportunityOutcome outcome) => outcome switch
    {
        OpportunityOutcome.Won => "won",
        OpportunityOutcome.Lost => "lost",
        _ => "open",
    };

    private static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        AddParameters(command.Parameters, values);
        return command;
    }

    private static void AddParameters(NpgsqlParameterCollection parameters, params object?[] values)
    {
        foreach (var value in values)
        {
            parameters.Add(value switch
            {
                null => new NpgsqlParameter { Value = DBNull.Value },
                _ => new NpgsqlParameter { Value = value },
            });
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Write conflict {SqlState} on attempt {Attempt}; retrying")]
    private static partial void LogConflictRetry(ILogger logger, string sqlState, int attempt);
}
