namespace RevOps.Routing.Domain;

/// <summary>A team with its reps (active or not) and their out-of-office windows.</summary>
public sealed record TeamRoster(Team Team, IReadOnlyList<Rep> Reps);
