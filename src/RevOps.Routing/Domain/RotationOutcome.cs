namespace RevOps.Routing.Domain;

/// <summary>
/// What the atomic choose script did: the rep chosen (null when everyone was at a cap), one verdict per candidate, and the
/// team's rotation standing after the pick with its sequence number (0 when nothing changed).
/// </summary>
public sealed record RotationOutcome(
    string? ChosenRepId, IReadOnlyList<CandidateVerdict> Verdicts, long Sequence, IReadOnlyDictionary<string, long> Standing);
