namespace RevOps.Routing.Domain;

/// <summary>
/// What routing a batch learns in its first round trip: per request, whether the message it handles is new to the inbox; the
/// leads' open assignments; and the roster version cached rosters must match.
/// </summary>
public sealed record RoutingStart(IReadOnlyList<bool> FirstDelivery, IReadOnlyDictionary<Guid, Assignment> Open, long RosterVersion);
