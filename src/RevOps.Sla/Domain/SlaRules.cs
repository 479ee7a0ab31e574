using System.Collections.Concurrent;
using RevOps.Contracts.Events;
using Contract = RevOps.RevenueContract;

namespace RevOps.Sla.Domain;

/// <summary>
/// One contract version seen by the SLA service: its follow-up clauses as clock clauses, each team's business calendar,
/// and the escalation chain a breach runs.
/// </summary>
public sealed class SlaRules
{
    private readonly Contract.ContractDocument _contract;
    private readonly Dictionary<string, BusinessCalendar> _calendars;
    private readonly ConcurrentDictionary<string, IReadOnlyList<FollowUpClause>> _clausesByTeam = new(StringComparer.Ordinal);

    /// <exception cref="ArgumentException">A calendar or clause the SLA domain cannot represent.</exception>
    public SlaRules(Contract.ContractDocument contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        _contract = contract;
        _calendars = contract.Calendars.ToDictionary(c => c.Id, ToCalendar, StringComparer.Ordinal);
    }

    public int ContractVersion => _contract.Version;

    /// <summary>The team's business calendar.</summary>
    /// <exception cref="ArgumentException">The team is not in this contract version.</exception>
    public BusinessCalendar CalendarFor(string teamId) => _calendars[Team(teamId).Calendar];

    /// <summary>The follow-up clauses as clocks for one team: business days count that team's working-day length.</summary>
    public IReadOnlyList<FollowUpClause> ClausesFor(string teamId)
    {
        var team = Team(teamId);
        return _clausesByTeam.GetOrAdd(team.Id, _ =>
        {
            var calendar = _contract.FindCalendar(team.Calendar)!;
            return [.. _contract.FollowUp.Select(clause => ToClause(clause, calendar))];
        });
    }

    /// <summary>The manager the team's escalations go to; null for a team this version does not know.</summary>
    public string? ManagerOf(string teamId) => _contract.FindTeam(teamId)?.Manager;

    /// <summary>The contract's escalation steps for the lead's <paramref name="breachNumber"/>th breach, of <paramref name="clauseId"/>.</summary>
    public EscalationDecision Escalate(string clauseId, int breachNumber)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clauseId);
        ArgumentOutOfRangeException.ThrowIfLessThan(breachNumber, 1);

        var steps = _contract.Escalation.Where(s => s.AppliesTo(clauseId, breachNumber)).ToList();
        var actions = steps.Select(s => s.Action == Contract.EscalationStepAction.Reassign ? EscalationAction.Reassign : EscalationAction.NotifyManager)
            .Distinct()
            .OrderBy(a => a)
            .ToList();
        var webhooks = steps
            .Where(s => s.Action == Contract.EscalationStepAction.NotifyManager && s.WebhookUrl is not null)
            .Select(s => s.WebhookUrl!)
            .Distinct()
            .ToList();
        var reason = steps.Count == 0
            ? $"breach {breachNumber} of {clauseId}: no escalation step applies"
            : $"breach {breachNumber} of {clauseId} (steps {string.Join(", ", steps.Select(s => s.Id))})";
        return new EscalationDecision(actions, reason) { WebhookUrls = webhooks };
    }

    private Contract.SalesTeam Team(string teamId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(teamId);
        return _contract.FindTeam(teamId)
            ?? throw new ArgumentException($"Team '{teamId}' is not in contract version {_contract.Version}.", nameof(teamId));
    }

    private static BusinessCalendar ToCalendar(Contract.BusinessCalendar calendar) =>
        new(calendar.TimeZone, calendar.WorkingDays, [new BusinessHours(calendar.DayStart, calendar.DayEnd)], calendar.Holidays);

    private static FollowUpClause ToClause(Contract.FollowUpClause clause, Contract.BusinessCalendar calendar)
    {
        var kind = clause.MetBy switch
        {
            Contract.FollowUpMetBy.Disposition => ClockKind.Disposition,
            _ when clause.MinCount > 1 => ClockKind.MinTouches,
            _ => ClockKind.FirstTouch,
        };
        var (window, basis) = clause.Within.Unit switch
        {
            Contract.DurationUnit.BusinessHours => (TimeSpan.FromHours(clause.Within.Amount), WindowBasis.BusinessTime),
            Contract.DurationUnit.BusinessDays => (calendar.WorkingDayLength * clause.Within.Amount, WindowBasis.BusinessTime),
            _ => (clause.Within.ToTimeSpan(), WindowBasis.Elapsed),
        };
        return new FollowUpClause(clause.Id, kind, window, basis, kind == ClockKind.MinTouches ? clause.MinCount : 1);
    }
}
