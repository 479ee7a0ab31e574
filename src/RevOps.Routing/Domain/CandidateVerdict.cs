namespace RevOps.Routing.Domain;

/// <summary>One line of the audit trail: a candidate rep, what happened to them, and the facts behind it.</summary>
public sealed record CandidateVerdict(string RepId, Verdict Verdict, string Detail);
