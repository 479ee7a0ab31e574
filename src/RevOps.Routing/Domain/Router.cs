using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;
using RevOps.ServiceDefaults.Messaging;

namespace RevOps.Routing.Domain;

/// <summary>
/// Routes leads: the first matching rule picks the team, time-based eligibility is judged here, the atomic Redis script
/// picks the rep and takes the slot, and PostgreSQL records the decision, its audit and the LeadAssigned event, which is
/// published as soon as the transaction committed (the outbox relay only if that fails).
/// </summary>
public sealed partial class Router(
    IRoutingRules rules, RotationCache cache, AssignmentStore store, OutboxPublisher outbox, TimeProvider time, ILogger<Router> logger)
{
    private readonly ConcurrentDictionary<string, TeamRoster> _rosters = new(StringComparer.Ordinal);

    /// <summary>
    /// Routes a qualified lead, or reassigns it away from its current owner, in one transaction that also claims the request's
    /// inbox row; null when the message was handled already, or when a first routing finds the lead already assigned, in which
    /// case nothing changes.
    /// </summary>
    public async Task<RouteResult?> RouteAsync(RoutingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (await RouteBatchAsync([request], cancellationToken))[0];
    }

    /// <summary>
    /// Routes the requests in one PostgreSQL transaction with one pipeline of atomic Redis decisions: per request, as
    /// <see cref="RouteAsync"/> would (a second copy of a lead in the batch finds it assigned). All commit or none do: any failure
    /// gives the Redis slots back and throws. Reassignments come one at a time.
    /// </summary>
    public async Task<IReadOnlyList<RouteResult?>> RouteBatchAsync(IReadOnlyList<RoutingRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count > 1 && requests.Any(r => r.IsReassignment))
            throw new ArgumentException("A reassignment is routed on its own, not in a batch.", nameof(requests));
        var now = time.GetUtcNow();
        var results = new RouteResult?[requests.Count];

        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var start = await store.StartRoutingAsync(transaction, [.. requests.Select(r => (r.LeadId, r.Inbox))], cancellationToken);

        // What each new request needs decided: its team's roster, who is eligible by time and rule, and the current owner.
        var plans = new List<Plan>(requests.Count);
        var seen = new HashSet<Guid>();
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            var current = start.Open.GetValueOrDefault(request.LeadId);
            // Handled already, or the lead is assigned (before, or by an earlier copy in this batch): only the inbox row commits.
            if (!start.FirstDelivery[i] || !seen.Add(request.LeadId) || (current is not null && !request.IsReassignment))
                continue;
            var match = (await rules.RulesForAsync(request.ContractVersion, cancellationToken)).Match(request.Lead);
            var roster = await RosterAsync(transaction, match.TeamId, start.RosterVersion, cancellationToken);
            var (eligible, skipped) = Judge(roster.Reps, match, current?.RepId, now);
            plans.Add(new Plan(i, request, match, roster.Team, eligible, skipped, current?.RepId));
        }
        if (plans.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken); // the inbox rows: these messages are done
            return results;
        }

        var outcomes = await ChooseAsync(plans, now, cancellationToken);
        var decisions = plans.Select((p, k) => Decide(p.Request, p.Match, p.Team, p.Skipped, outcomes[k].Verdicts, outcomes[k].ChosenRepId, now, p.PreviousOwner) with
        {
            RotationSequence = outcomes[k].Sequence,
            Standing = outcomes[k].Standing,
        }).ToList();

        IReadOnlyList<RecordResult> records;
        try
        {
            records = await store.RecordAsync(transaction, decisions, cancellationToken);
            // Every lead was locked and checked above, so another open assignment means a writer that skipped the lock.
            if (records.Any(r => !r.Recorded))
                throw new InvalidOperationException("A lead of the batch was assigned concurrently; the batch rolled back.");
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            // The slots were taken in Redis but nothing was recorded: give them back so the loads stay true.
            await ReleaseAsync(decisions.Select(d => (d.TeamId, d.ChosenRepId)));
            throw;
        }
        outbox.PublishCommitted([.. records.Where(r => r.Event is not null).Select(r => (r.Event!.EventId, (object)r.Event))]);

        await ReleaseAsync(records.Select(r => (r.Closed?.TeamId ?? "", r.Closed?.RepId)));
        for (var k = 0; k < plans.Count; k++)
        {
            var decision = decisions[k];
            results[plans[k].Index] = new RouteResult(decision, records[k]);
            LogRouted(logger, decision.LeadId, decision.TeamId, decision.ChosenRepId, decision.FallbackQueue, decision.RuleId);
        }
        return results;
    }

    /// <summary>
    /// What routing would decide for these attributes now, from PostgreSQL's loads and saved standing, without taking a slot
    /// or writing anything.
    /// </summary>
    public async Task<RoutingDecision> PreviewAsync(LeadAttributes lead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var now = time.GetUtcNow();
        var contractVersion = rules.ActiveVersion;
        var match = (await rules.RulesForAsync(contractVersion, cancellationToken)).Match(lead);
        var state = await store.LoadTeamStateAsync(match.TeamId, now, cancellationToken);
        var (timely, skipped) = Judge(state.Reps, match, previousOwner: null, now);
        var capacity = Eligibility.Evaluate(timely, new HashSet<string>(), now, state.Loads);
        var chosen = new FairRotation(state.Standing).Peek([.. capacity.Eligible.Select(r => (r.Id, r.Weight))]);
        var verdicts = capacity.Skipped.Concat(capacity.Eligible.Select(r => r.Id == chosen
            ? new CandidateVerdict(r.Id, Verdict.Chosen, $"open leads {state.Loads.GetValueOrDefault(r.Id, RepLoad.None).OpenLeads} of {r.MaxOpenLeads} before this one")
            : new CandidateVerdict(r.Id, Verdict.PassedOver, "eligible; another rep was further behind their weighted share")));
        var request = new RoutingRequest { LeadId = Guid.Empty, ContractVersion = contractVersion, Lead = lead, Reason = "preview" };
        return Decide(request, match, state.Team, skipped, [.. verdicts], chosen, now, previousOwner: null);
    }

    /// <summary>
    /// Takes the lead from its current owner and routes it again, by the active contract, on the attributes of its last decision;
    /// null when routing never saw the lead.
    /// </summary>
    public async Task<RouteResult?> ReassignAsync(Guid leadId, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var history = await store.ExplainAsync(leadId, cancellationToken);
        if (history.Count == 0)
            return null;
        var request = new RoutingRequest { LeadId = leadId, ContractVersion = rules.ActiveVersion, Lead = history[^1].Lead, Reason = reason, IsReassignment = true };
        return await RouteAsync(request, cancellationToken);
    }

    /// <summary>The owner accepted or rejected the lead: close the assignment and free their slot. False when nothing was open.</summary>
    public async Task<bool> DispositionAsync(Guid leadId, string closeReason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var closed = await store.CloseAsync(leadId, closeReason, at, cancellationToken);
        if (closed?.RepId is { } repId)
            await cache.ReleaseAsync(closed.TeamId, repId, cancellationToken);
        return closed is not null;
    }

    /// <summary>
    /// The team's roster from memory while its version is current, else from PostgreSQL. The version is read in the decision's own
    /// transaction, so every decision that starts after a roster change committed (on any replica) judges the changed roster;
    /// only decisions already in flight at that moment use the one before, as they would have read it anyway. Loads against
    /// caps always come from the atomic Redis script.
    /// </summary>
    private async Task<TeamRoster> RosterAsync(NpgsqlTransaction transaction, string teamId, long version, CancellationToken cancellationToken)
    {
        if (_rosters.TryGetValue(teamId, out var cached) && cached.Version >= version)
            return cached;
        var loaded = await store.LoadRosterAsync(transaction, teamId, cancellationToken);
        _rosters.AddOrUpdate(teamId, loaded, (_, other) => other.Version > loaded.Version ? other : loaded);
        return loaded;
    }

    private static (IReadOnlyList<Rep> Eligible, IReadOnlyList<CandidateVerdict> Skipped) Judge(
        IReadOnlyList<Rep> reps, RuleMatch match, string? previousOwner, DateTimeOffset now)
    {
        var result = Eligibility.Evaluate(reps.Where(r => r.Id != previousOwner), match.ExcludedRepIds, now);
        if (previousOwner is null || reps.All(r => r.Id != previousOwner))
            return (result.Eligible, result.Skipped);
        return (result.Eligible, [.. result.Skipped, new CandidateVerdict(previousOwner, Verdict.Excluded, "current owner of the lead being reassigned")]);
    }

    /// <summary>
    /// One choose script per plan, pipelined on the connection: Redis runs them in order, each atomically. A team whose state
    /// Redis lost is rebuilt from PostgreSQL and its plans chosen again; any other failure gives back the slots already taken.
    /// </summary>
    private async Task<RotationOutcome[]> ChooseAsync(IReadOnlyList<Plan> plans, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var outcomes = new RotationOutcome[plans.Count];
        var pending = Enumerable.Range(0, plans.Count).ToList();
        for (var attempt = 0; ; attempt++)
        {
            var calls = pending.Select(k => cache.ChooseAsync(plans[k].Team.Id, plans[k].Eligible, now, cancellationToken)).ToArray();
            try
            {
                await Task.WhenAll(calls);
            }
            catch
            {
                // Looked at per call below.
            }

            var missing = new List<int>();
            Exception? failure = null;
            for (var c = 0; c < calls.Length; c++)
            {
                if (calls[c].IsCompletedSuccessfully)
                    outcomes[pending[c]] = calls[c].Result;
                else if (calls[c].Exception?.InnerException is RoutingStateMissingException && attempt == 0)
                    missing.Add(pending[c]);
                else
                    failure ??= calls[c].Exception?.InnerException ?? new OperationCanceledException(cancellationToken);
            }
            if (failure is not null)
            {
                await ReleaseAsync(Enumerable.Range(0, plans.Count).Where(k => outcomes[k] is not null).Select(k => (plans[k].Team.Id, outcomes[k].ChosenRepId)));
                throw failure;
            }
            if (missing.Count == 0)
                return outcomes;

            foreach (var teamId in missing.Select(k => plans[k].Team.Id).Distinct())
            {
                var state = await store.LoadTeamStateAsync(teamId, now, cancellationToken);
                var restored = await cache.RestoreAsync(state, now, cancellationToken);
                LogRebuilt(logger, teamId, restored, state.Sequence);
            }
            pending = missing;
        }
    }

    /// <summary>Frees the slots of these reps (null: a queue, nothing to free), pipelined.</summary>
    private Task ReleaseAsync(IEnumerable<(string TeamId, string? RepId)> slots) =>
        Task.WhenAll(slots.Where(s => s.RepId is not null).Select(s => cache.ReleaseAsync(s.TeamId, s.RepId!, CancellationToken.None)));

    /// <summary>A request to decide: where it stands before the choose script runs.</summary>
    private sealed record Plan(
        int Index, RoutingRequest Request, RuleMatch Match, Team Team, IReadOnlyList<Rep> Eligible, IReadOnlyList<CandidateVerdict> Skipped,
        string? PreviousOwner);

    private static RoutingDecision Decide(
        RoutingRequest request, RuleMatch match, Team team, IEnumerable<CandidateVerdict> skipped, IEnumerable<CandidateVerdict> judged,
        string? chosen, DateTimeOffset now, string? previousOwner) => new()
    {
        DecisionId = Guid.CreateVersion7(now),
        LeadId = request.LeadId,
        ContractVersion = request.ContractVersion,
        DecidedAt = now,
        TeamId = team.Id,
        RuleId = match.RuleId,
        ChosenRepId = chosen,
        FallbackQueue = chosen is null ? team.FallbackQueue : null,
        Reason = request.Reason,
        IsReassignment = request.IsReassignment,
        PreviousOwnerRepId = previousOwner,
        Lead = request.Lead,
        Candidates = [.. skipped.Concat(judged).OrderBy(v => v.RepId, StringComparer.Ordinal)],
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Routed lead {LeadId} to team {TeamId}: rep {RepId}, queue {FallbackQueue}, rule {RuleId}")]
    private static partial void LogRouted(ILogger logger, Guid leadId, string teamId, string? repId, string? fallbackQueue, string? ruleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis had no routing state for team {TeamId}; rebuilt from PostgreSQL (restored here: {Restored}, sequence {Sequence})")]
    private static partial void LogRebuilt(ILogger logger, string teamId, bool restored, long sequence);
}
