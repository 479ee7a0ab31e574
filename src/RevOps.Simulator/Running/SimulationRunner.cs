using Google.Protobuf.WellKnownTypes;
using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.RevenueContract;
using RevOps.Simulator.Planning;

namespace RevOps.Simulator.Running;

/// <summary>
/// Sends a plan's requests when they fall due. Each lead's requests go in order on their own lane, so a lead waiting for
/// routing (or a late rep waiting out a deadline) holds up nobody else. The rep who acts is whoever routing assigned, read
/// back with ExplainAssignment, as long as it is one of the reps the simulator plays: other people's leads are left alone.
/// </summary>
public sealed partial class SimulationRunner(RevOpsClient client, RetryingCaller caller, SimulatorMetrics metrics, TimeProvider time,
    ILogger<SimulationRunner> logger)
{
    // Routing decides within a second normally; a restarted routing has a backlog of qualified leads to work through first.
    private static readonly TimeSpan AssignmentWait = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan FirstAssignmentPoll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxAssignmentPoll = TimeSpan.FromSeconds(2);

    // A late rep acts this long after the deadline, once the SLA timer has had time to record the breach.
    private static readonly TimeSpan PastDeadline = TimeSpan.FromSeconds(5);

    // Far enough back for the breaches of a step that waited out its deadline, near enough to keep the list short.
    private static readonly TimeSpan BreachLookBack = TimeSpan.FromHours(1);

    public async Task RunAsync(ContractDocument contract, SimulationPlan plan, IEnumerable<RoutingRep> reps, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(reps);
        var run = new Run(contract, new SimulatedClock(time, plan.Options.Acceleration, plan.Backdate), reps.Select(r => r.Id).ToHashSet(StringComparer.Ordinal));
        var lanes = new Dictionary<int, (Task Tail, LeadProgress Lead)>();
        var finishing = new List<Task>();
        try
        {
            foreach (var action in plan.Actions)
            {
                await run.Clock.WaitUntilDueAsync(action.At, ct);
                var (previous, lead) = lanes.TryGetValue(action.Lead, out var lane) ? lane : (Task.CompletedTask, new LeadProgress());
                var tail = StepAsync(previous, action, lead, run, ct);
                if (!action.IsLastOfLead)
                {
                    lanes[action.Lead] = (tail, lead);
                    continue;
                }
                lanes.Remove(action.Lead);
                finishing.Add(tail);
                if (finishing.Count >= 1024)
                    finishing.RemoveAll(t => t.IsCompleted);
            }
        }
        finally
        {
            // On cancellation the lanes end at their next await; either way none is left running behind the caller.
            await Task.WhenAll(lanes.Values.Select(l => l.Tail).Concat(finishing)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task StepAsync(Task previous, PlannedAction action, LeadProgress lead, Run run, CancellationToken ct)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.ForceYielding | ConfigureAwaitOptions.SuppressThrowing);
        ct.ThrowIfCancellationRequested();
        if (lead.SkipReason is { } skipping)
        {
            metrics.Skipped(skipping);
            return;
        }
        try
        {
            if (await SendAsync(action, lead, run, ct) is { } reason)
            {
                metrics.Skipped(reason);
                lead.SkipReason = reason;
                LogSkipping(logger, action.Lead, lead.LeadId, reason);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogStepFailed(logger, e, action.Lead, action.Step, action.Request.Descriptor.Name);
            lead.SkipReason = "error";
        }
    }

    /// <summary>Sends one planned request; returns why the lead's remaining requests cannot be sent, or null to go on.</summary>
    private async Task<string?> SendAsync(PlannedAction action, LeadProgress lead, Run run, CancellationToken ct)
    {
        switch (action.Request)
        {
            case SubmitLeadRequest planned:
            {
                var request = planned.Clone();
                request.Lead.CapturedAt = Timestamp.FromDateTimeOffset(run.Clock.Stamp(action.At));
                var response = await caller.CallAsync("SubmitLead", c => client.SubmitLeadAsync(request, c), ct);
                if (response is null)
                {
                    // The failure is counted already; the lead's later requests are skipped, not failed again.
                    lead.SkipReason = "lead_failed";
                    return null;
                }
                metrics.LeadSent(response.Replayed);
                lead.LeadId = response.LeadId;
                lead.Qualified |= Qualified(response.Qualified, response.Score);
                return null;
            }
            case RecordActivityRequest planned:
            {
                var request = planned.Clone();
                request.LeadId = lead.LeadId;
                request.OccurredAt = Timestamp.FromDateTimeOffset(run.Clock.Stamp(action.At));
                var response = await caller.CallAsync("RecordActivity", c => client.RecordActivityAsync(request, c), ct);
                if (response is not null)
                    lead.Qualified |= Qualified(response.Qualified, response.Score);
                return null;
            }
            default:
                return await SendSalesAsync(action, lead, run, ct);
        }
    }

    /// <summary>
    /// Touches, dispositions, opportunities and the manager's explanations of breaches come from the lead's owner's side, so
    /// they wait for routing. Their times are left to the server: they answer clocks that started at routing's real assignment
    /// time, which simulated time cannot move.
    /// </summary>
    private async Task<string?> SendSalesAsync(PlannedAction action, LeadProgress lead, Run run, CancellationToken ct)
    {
        if (!lead.Qualified)
            return "not_qualified";
        lead.Owner ??= await WaitForDecisionAsync(lead.LeadId, ct);
        if (lead.Owner is null)
            return "not_routed";
        if (Unplayable(lead.Owner, run) is { } unplayable)
            return unplayable;
        if (action.Late)
        {
            var metBy = action.Request is RecordTouchRequest ? FollowUpMetBy.Touch : FollowUpMetBy.Disposition;
            if (FollowUpDeadlines.Earliest(run.Contract, metBy, lead.Owner.TeamId, lead.Owner.DecidedAt.ToDateTimeOffset()) is { } deadline)
            {
                LogHolding(logger, action.Lead, lead.LeadId, deadline + PastDeadline);
                var wait = deadline + PastDeadline - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait, time, ct);
                // Escalation may have handed the lead to someone else meanwhile.
                lead.Owner = await WaitForDecisionAsync(lead.LeadId, ct) ?? lead.Owner;
                if (Unplayable(lead.Owner, run) is { } reassigned)
                    return reassigned;
            }
        }
        var rep = lead.Owner.ChosenRepId;

        switch (action.Request)
        {
            case RecordTouchRequest planned:
            {
                var request = planned.Clone();
                request.LeadId = lead.LeadId;
                request.RepId = rep;
                await caller.CallAsync("RecordTouch", c => client.RecordTouchAsync(request, c), ct);
                return null;
            }
            case RecordDispositionRequest planned:
            {
                var request = planned.Clone();
                request.LeadId = lead.LeadId;
                request.RepId = rep;
                await caller.CallAsync("RecordDisposition", c => client.RecordDispositionAsync(request, c), ct);
                return null;
            }
            case RecordOpportunityRequest planned:
            {
                var request = planned.Clone();
                request.LeadId = lead.LeadId;
                if (request.Status is OpportunityStatus.Won or OpportunityStatus.Lost)
                    request.CloseDate = Timestamp.FromDateTimeOffset(time.GetUtcNow());
                await caller.CallAsync("RecordOpportunity", c => client.RecordOpportunityAsync(request, c), ct);
                return null;
            }
            case AnnotateBreachRequest planned:
            {
                // The breaches the late step left behind came due moments ago; the lead's owner may have changed since.
                var listed = await caller.CallAsync("ListBreaches", c => client.ListBreachesAsync(new ListBreachesRequest
                {
                    TeamId = lead.Owner.TeamId, OnlyFlagged = true, From = Timestamp.FromDateTimeOffset(time.GetUtcNow() - BreachLookBack), Limit = 1000,
                }, c), ct);
                foreach (var breach in listed?.Breaches.Where(b => b.LeadId == lead.LeadId) ?? [])
                {
                    var request = planned.Clone();
                    request.BreachId = breach.BreachId;
                    request.AnnotatedBy = run.Contract.FindTeam(breach.TeamId)?.Manager ?? "sim-manager";
                    await caller.CallAsync("AnnotateBreach", c => client.AnnotateBreachAsync(request, c), ct);
                }
                return null;
            }
            default:
                throw new InvalidOperationException($"The plan holds a request the simulator cannot send: {action.Request.Descriptor.FullName}.");
        }
    }

    /// <summary>Routing's latest decision for the lead (it routes on LeadQualified, over the broker); null if none comes in time.</summary>
    private async Task<RoutingDecision?> WaitForDecisionAsync(string leadId, CancellationToken ct)
    {
        var giveUpAt = time.GetUtcNow() + AssignmentWait;
        // Polls back off, so leads waiting on a slow routing do not add to its load.
        for (var poll = FirstAssignmentPoll; ; poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, MaxAssignmentPoll.Ticks)))
        {
            var explained = await caller.CallAsync("ExplainAssignment",
                c => client.ExplainAssignmentAsync(new ExplainAssignmentRequest { LeadId = leadId }, c), ct, expected: StatusCode.NotFound);
            if (explained is { Decisions.Count: > 0 })
                return explained.Decisions[^1];
            if (time.GetUtcNow() >= giveUpAt)
                return null;
            await Task.Delay(poll, time, ct);
        }
    }

    /// <summary>Why the simulator cannot act as the lead's owner: it sits in a fallback queue, or a rep the simulator does not play has it.</summary>
    private static string? Unplayable(RoutingDecision owner, Run run) =>
        owner.ChosenRepId.Length == 0 ? "no_rep" : run.Reps.Contains(owner.ChosenRepId) ? null : "not_our_rep";

    private static bool Qualified(bool crossed, ScoreBreakdown? score) => crossed || (score is not null && score.TotalScore >= score.MqlThreshold);

    private sealed record Run(ContractDocument Contract, SimulatedClock Clock, IReadOnlySet<string> Reps);

    /// <summary>What the runner has learnt about a lead from the services.</summary>
    private sealed class LeadProgress
    {
        public string LeadId { get; set; } = "";
        public bool Qualified { get; set; }
        public RoutingDecision? Owner { get; set; }
        public string? SkipReason { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lead {Lead} ({LeadId}): its remaining requests are skipped: {Reason}")]
    private static partial void LogSkipping(ILogger logger, int lead, string leadId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lead {Lead} ({LeadId}): the late rep waits until {ActAt:O}")]
    private static partial void LogHolding(ILogger logger, int lead, string leadId, DateTimeOffset actAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lead {Lead} step {Step} ({Request}) threw; its remaining requests are skipped")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, int lead, int step, string request);
}
