using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace RevOps.Routing.Domain;

/// <summary>
/// Routes leads: the first matching rule picks the team, time-based eligibility is judged here, the atomic Redis script
/// picks the rep and takes the slot, and PostgreSQL records the decision, its audit and the LeadAssigned event.
/// </summary>
public sealed partial class Router(IRoutingRules rules, RotationCache cache, AssignmentStore store, TimeProvider time, ILogger<Router> logger)
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
        var now = time.GetUtcNow();
        var match = (await rules.RulesForAsync(request.ContractVersion, cancellationToken)).Match(request.Lead);

        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var start = await store.StartRoutingAsync(transaction, request.LeadId, request.Inbox, cancellationToken);
        if (!start.FirstDelivery)
            return null;
        var current = start.Open;
        if (current is not null && !request.IsReassignment)
        {
            await transaction.CommitAsync(cancellationToken); // the inbox row: this message is done
            return null;
        }

        var roster = await RosterAsync(transaction, match.TeamId, start.RosterVersion, cancellationToken);
        var (eligible, skipped) = Judge(roster.Reps, match, current?.RepId, now);
        var outcome = await ChooseAsync(roster.Team.Id, eligible, now, cancellationToken);
        var decision = Decide(request, match, roster.Team, skipped, outcome.Verdicts, outcome.ChosenRepId, now, current?.RepId) with
        {
            RotationSequence = outcome.Sequence,
            Standing = outcome.Standing,
        };

        RecordResult record;
        try
        {
            record = await store.RecordAsync(transaction, decision, cancellationToken);
            if (record.Recorded)
                await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            // The slot was taken in Redis but nothing was recorded: give it back so the load stays true.
            if (decision.ChosenRepId is { } taken)
                await cache.ReleaseAsync(decision.TeamId, taken, CancellationToken.None);
            throw;
        }

        if (!record.Recorded && decision.ChosenRepId is { } unused)
            await cache.ReleaseAsync(decision.TeamId, unused, cancellationToken);
        if (record.Closed is { RepId: { } previousOwner } closed)
            await cache.ReleaseAsync(closed.TeamId, previousOwner, cancellationToken);
        if (record.Recorded)
            LogRouted(logger, request.LeadId, decision.TeamId, decision.ChosenRepId, decision.FallbackQueue, decision.RuleId);
        return new RouteResult(decision, record);
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

    private async Task<RotationOutcome> ChooseAsync(string teamId, IReadOnlyList<Rep> eligible, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            return await cache.ChooseAsync(teamId, eligible, now, cancellationToken);
        }
        catch (RoutingStateMissingException)
        {
            var state = await store.LoadTeamStateAsync(teamId, now, cancellationToken);
            var restored = await cache.RestoreAsync(state, now, cancellationToken);
            LogRebuilt(logger, teamId, restored, state.Sequence);
            return await cache.ChooseAsync(teamId, eligible, now, cancellationToken);
        }
    }

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Routed lead {LeadId} to team {TeamId}: rep {RepId}, queue {FallbackQueue}, rule {RuleId}")]
    private static partial void LogRouted(ILogger logger, Guid leadId, string teamId, string? repId, string? fallbackQueue, string? ruleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis had no routing state for team {TeamId}; rebuilt from PostgreSQL (restored here: {Restored}, sequence {Sequence})")]
    private static partial void LogRebuilt(ILogger logger, string teamId, bool restored, long sequence);
}
