using RevOps.RevenueContract;

namespace RevOps.Simulator.Running;

/// <summary>When the contract's follow-up clocks run out for an assignment, by the team's business calendar.</summary>
public static class FollowUpDeadlines
{
    /// <summary>
    /// The earliest deadline among the clauses a touch (or a disposition) meets; null when no clause applies. A late rep acts
    /// after it, and the SLA service, whose clocks run on real time whatever the acceleration, records the breach.
    /// </summary>
    public static DateTimeOffset? Earliest(ContractDocument contract, FollowUpMetBy metBy, string teamId, DateTimeOffset assignedAt)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var calendar = contract.FindTeam(teamId) is { } team ? contract.FindCalendar(team.Calendar) : null;
        return contract.FollowUp
            .Where(c => c.MetBy == metBy && (calendar is not null || !c.Within.IsBusinessTime))
            .Select(c => calendar?.AddBusinessTime(assignedAt, c.Within) ?? assignedAt + c.Within.ToTimeSpan())
            .Order()
            .Cast<DateTimeOffset?>()
            .FirstOrDefault();
    }
}
