namespace RevOps.Routing.Domain;

/// <summary>Redis lost the team's routing state (flush or restart); rebuild it from PostgreSQL before routing resumes.</summary>
public sealed class RoutingStateMissingException(string teamId)
    : Exception($"Redis holds no routing state for team '{teamId}'; rebuild it from PostgreSQL before routing.")
{
    public string TeamId { get; } = teamId;
}
