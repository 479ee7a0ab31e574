using System.Globalization;

namespace RevOps.Routing.Domain;

/// <summary>
/// Decides which of a team's reps may take a lead now. Time-based checks (working hours, out of office) and rule exclusions
/// are always made here; capacity checks are made here only when loads are given, because the atomic Redis script is the
/// authority on load when actually assigning.
/// </summary>
public static class Eligibility
{
    /// <summary>Splits the team's reps (in rep-id order) into those still in the running and those skipped, each with its reason.</summary>
    public static EligibilityResult Evaluate(
        IEnumerable<Rep> teamReps, IReadOnlySet<string> excludedRepIds, DateTimeOffset now, IReadOnlyDictionary<string, RepLoad>? loads = null)
    {
        ArgumentNullException.ThrowIfNull(teamReps);
        ArgumentNullException.ThrowIfNull(excludedRepIds);
        var rejected = new List<CandidateVerdict>();
        var eligible = new List<Rep>();
        foreach (var rep in teamReps.OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            var verdict = Check(rep, excludedRepIds, now, loads);
            if (verdict is null)
                eligible.Add(rep);
            else
                rejected.Add(verdict);
        }
        return new EligibilityResult(eligible, rejected);
    }

    private static CandidateVerdict? Check(Rep rep, IReadOnlySet<string> excluded, DateTimeOffset now, IReadOnlyDictionary<string, RepLoad>? loads)
    {
        if (excluded.Contains(rep.Id))
            return new(rep.Id, Verdict.Excluded, "excluded by the matched rule");
        if (!rep.Active)
            return new(rep.Id, Verdict.Inactive, "rep is deactivated");
        if (rep.OutOfOffice.FirstOrDefault(w => w.Covers(now)) is { } window)
            return new(rep.Id, Verdict.OutOfOffice, string.Create(CultureInfo.InvariantCulture,
                $"out of office {window.StartsAt:O} to {window.EndsAt:O}{(window.Reason is null ? "" : $" ({window.Reason})")}"));

        var local = TimeZoneInfo.ConvertTime(now, rep.TimeZone);
        var localTime = TimeOnly.FromDateTime(local.DateTime);
        if (!rep.WorkingHours.Any(p => p.Contains(local.DayOfWeek, localTime)))
            return new(rep.Id, Verdict.Unavailable, string.Create(CultureInfo.InvariantCulture,
                $"outside working hours: {local.DayOfWeek} {localTime:HH\\:mm} in {rep.TimeZoneId}"));

        if (loads is null)
            return null;
        var load = loads.GetValueOrDefault(rep.Id, RepLoad.None);
        return CapacityVerdict(rep, load.OpenLeads, load.AssignedToday, load.AssignedThisWeek);
    }

    /// <summary>The capacity verdict for given counts, or null when the rep has room; the Lua script applies the same order of checks.</summary>
    public static CandidateVerdict? CapacityVerdict(Rep rep, long openLeads, long assignedToday, long assignedThisWeek)
    {
        ArgumentNullException.ThrowIfNull(rep);
        if (openLeads >= rep.MaxOpenLeads)
            return new(rep.Id, Verdict.AtCapacity, string.Create(CultureInfo.InvariantCulture, $"open leads {openLeads} of {rep.MaxOpenLeads}"));
        if (rep.DailyCap is { } daily && assignedToday >= daily)
            return new(rep.Id, Verdict.DailyCap, string.Create(CultureInfo.InvariantCulture, $"assigned today {assignedToday} of {daily}"));
        if (rep.WeeklyCap is { } weekly && assignedThisWeek >= weekly)
            return new(rep.Id, Verdict.WeeklyCap, string.Create(CultureInfo.InvariantCulture, $"assigned this week {assignedThisWeek} of {weekly}"));
        return null;
    }
}
