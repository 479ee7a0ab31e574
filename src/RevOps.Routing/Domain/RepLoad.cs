namespace RevOps.Routing.Domain;

/// <summary>A rep's current load: open leads, and leads assigned in their current local day and ISO week.</summary>
public sealed record RepLoad(int OpenLeads, int AssignedToday, int AssignedThisWeek)
{
    public static readonly RepLoad None = new(0, 0, 0);
}
