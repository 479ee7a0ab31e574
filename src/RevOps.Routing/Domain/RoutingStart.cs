namespace RevOps.Routing.Domain;

/// <summary>
/// What a routing decision learns in its first round trip: whether the message it handles is new to the inbox, the lead's open
/// assignment, and the roster version its cached roster must match.
/// </summary>
public sealed record RoutingStart(bool FirstDelivery, Assignment? Open, long RosterVersion);
