namespace RevOps.Routing.Domain;

/// <summary>The reps still in the running (rep-id order) and the verdicts of those who were skipped.</summary>
public sealed record EligibilityResult(IReadOnlyList<Rep> Eligible, IReadOnlyList<CandidateVerdict> Skipped);
