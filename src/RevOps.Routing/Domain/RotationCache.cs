using System.Globalization;

namespace RevOps.Routing.Domain;

/// <summary>
/// Routing's hot state in Redis, changed only by the Lua scripts under Redis/ so each change is atomic.
/// Key scheme (a team's keys share the {team} hash tag, so one script touches one cluster slot):
///   routing:{team}:ready                    set once the state was rebuilt from PostgreSQL; absent after FLUSHALL or a restart
///   routing:{team}:credit                   hash rep → rotation credit (see <see cref="FairRotation"/>)
///   routing:{team}:load                     hash rep → open leads (assigned, not yet accepted/rejected/reassigned)
///   routing:{team}:seq                      bumped by every assignment; orders the standing snapshots saved to PostgreSQL
///   routing:{team}:day:{rep}:{yyyy-MM-dd}   leads given to the rep on their local day (expires after 2 days)
///   routing:{team}:week:{rep}:{yyyy-Www}    leads given to the rep in their local ISO week (expires after 9 days)
/// </summary>
public sealed class RotationCache(IRedisScripting redis)
{
    private static readonly string ChooseScript = LoadScript("choose.lua");
    private static readonly string RestoreScript = LoadScript("restore.lua");
    private static readonly string ReleaseScript = LoadScript("release.lua");
    private static readonly string ForgetScript = LoadScript("forget.lua");
    private static readonly string DayTtl = ((int)TimeSpan.FromDays(2).TotalSeconds).ToString(CultureInfo.InvariantCulture);
    private static readonly string WeekTtl = ((int)TimeSpan.FromDays(9).TotalSeconds).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Atomically picks one of <paramref name="candidates"/> (already eligible by time and rule) who is under every cap, and
    /// takes the slot. Throws <see cref="RoutingStateMissingException"/> when Redis lost the team's state.
    /// </summary>
    public async Task<RotationOutcome> ChooseAsync(string teamId, IReadOnlyList<Rep> candidates, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var keys = new List<string>(4 + 2 * candidates.Count) { Ready(teamId), Credit(teamId), Load(teamId), Sequence(teamId) };
        var args = new List<string>(4 + 5 * candidates.Count) { Int(candidates.Count), DayTtl, WeekTtl, Int(FairRotation.Scale) };
        foreach (var rep in candidates)
        {
            keys.Add(Day(teamId, rep, now));
            keys.Add(Week(teamId, rep, now));
            args.AddRange([rep.Id, Int(rep.Weight), Int(rep.MaxOpenLeads), Int(rep.DailyCap ?? -1), Int(rep.WeeklyCap ?? -1)]);
        }

        var reply = AsArray(await redis.EvaluateAsync(ChooseScript, keys, args, cancellationToken));
        if (AsString(reply[0]) == "not_ready")
            throw new RoutingStateMissingException(teamId);

        var chosen = AsString(reply[1]);
        var verdicts = new CandidateVerdict[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            var at = 3 + 4 * i;
            var rep = candidates[i];
            var code = AsString(reply[at]);
            long open = AsLong(reply[at + 1]), day = AsLong(reply[at + 2]), week = AsLong(reply[at + 3]);
            verdicts[i] = code switch
            {
                "chosen" => new(rep.Id, Verdict.Chosen, Invariant($"open leads {open} of {rep.MaxOpenLeads} before this one")),
                "passed_over" => new(rep.Id, Verdict.PassedOver, "eligible; another rep was further behind their weighted share"),
                _ => Eligibility.CapacityVerdict(rep, open, day, week) ?? new(rep.Id, VerdictCodes.Parse(code), "capacity changed during the decision"),
            };
        }

        var standing = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var at = 3 + 4 * candidates.Count; at + 1 < reply.Length; at += 2)
            standing[AsString(reply[at])] = long.Parse(AsString(reply[at + 1]), CultureInfo.InvariantCulture);

        return new RotationOutcome(chosen.Length == 0 ? null : chosen, verdicts, AsLong(reply[2]), standing);
    }

    /// <summary>Loads a team's state rebuilt from PostgreSQL; false when another replica already restored it.</summary>
    public async Task<bool> RestoreAsync(TeamState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var teamId = state.Team.Id;
        var keys = new List<string> { Ready(teamId), Credit(teamId), Load(teamId), Sequence(teamId) };
        var args = new List<string> { Int(state.Sequence), Int(state.Reps.Count), DayTtl, WeekTtl };
        foreach (var rep in state.Reps)
        {
            var load = state.Loads.GetValueOrDefault(rep.Id, RepLoad.None);
            keys.Add(Day(teamId, rep, now));
            keys.Add(Week(teamId, rep, now));
            args.AddRange([
                rep.Id,
                state.Standing.TryGetValue(rep.Id, out var credit) ? Int(credit) : "",
                Int(load.OpenLeads), Int(load.AssignedToday), Int(load.AssignedThisWeek)]);
        }
        return AsLong(await redis.EvaluateAsync(RestoreScript, keys, args, cancellationToken)) == 1;
    }

    /// <summary>Frees one of the rep's open slots (accepted, rejected or reassigned lead).</summary>
    public async Task ReleaseAsync(string teamId, string repId, CancellationToken cancellationToken) =>
        await redis.EvaluateAsync(ReleaseScript, [Ready(teamId), Load(teamId)], [repId], cancellationToken);

    /// <summary>Drops a rep who left the team, leaving everyone else's standing as it is.</summary>
    public async Task ForgetRepAsync(string teamId, string repId, CancellationToken cancellationToken) =>
        await redis.EvaluateAsync(ForgetScript, [Credit(teamId), Load(teamId)], [repId], cancellationToken);

    public static string Ready(string teamId) => $"routing:{{{teamId}}}:ready";
    public static string Credit(string teamId) => $"routing:{{{teamId}}}:credit";
    public static string Load(string teamId) => $"routing:{{{teamId}}}:load";
    public static string Sequence(string teamId) => $"routing:{{{teamId}}}:seq";
    public static string Day(string teamId, Rep rep, DateTimeOffset now) => $"routing:{{{teamId}}}:day:{rep.Id}:{rep.LocalDay(now)}";
    public static string Week(string teamId, Rep rep, DateTimeOffset now) => $"routing:{{{teamId}}}:week:{rep.Id}:{rep.LocalWeek(now)}";

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static object?[] AsArray(object? reply) =>
        reply as object?[] ?? throw new InvalidOperationException($"Routing script returned {reply ?? "nil"} instead of an array.");

    private static string AsString(object? reply) => reply switch
    {
        string text => text,
        long number => Int(number),
        _ => throw new InvalidOperationException($"Routing script returned {reply ?? "nil"} where a string was expected."),
    };

    private static long AsLong(object? reply) => reply switch
    {
        long number => number,
        string text => long.Parse(text, CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"Routing script returned {reply ?? "nil"} where a number was expected."),
    };

    private static string LoadScript(string name)
    {
        var assembly = typeof(RotationCache).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith($".Redis.{name}", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
