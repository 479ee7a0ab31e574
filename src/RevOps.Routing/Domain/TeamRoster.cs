namespace RevOps.Routing.Domain;

/// <summary>A team with its reps (active or not) and their out-of-office windows, as of roster version <see cref="Version"/>.</summary>
public sealed record TeamRoster(Team Team, IReadOnlyList<Rep> Reps, long Version);
