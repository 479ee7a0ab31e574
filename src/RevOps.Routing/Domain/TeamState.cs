namespace RevOps.Routing.Domain;

/// <summary>A team's routing state as PostgreSQL knows it: the reps with their loads, and the last saved rotation standing.</summary>
public sealed record TeamState(
    Team Team,
    IReadOnlyList<Rep> Reps,
    IReadOnlyDictionary<string, RepLoad> Loads,
    long Sequence,
    IReadOnlyDictionary<string, long> Standing);
