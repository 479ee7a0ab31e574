using RevOps.Sla.Domain;

namespace RevOps.Sla.Data;

/// <summary>A clock this caller breached (no other caller did) and the breach row written with it.</summary>
public sealed record FiredClock(SlaClock Clock, Breach Breach);
