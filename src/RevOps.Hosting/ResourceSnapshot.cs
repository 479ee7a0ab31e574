namespace RevOps.Hosting;

/// <summary>One row of the dashboard and of `GET /api/resources`: a resource, a replica, or a replicated project's proxy.</summary>
/// <param name="Calls">For a replica, the requests the replicated project's proxy has handed it; for the project, their sum.</param>
public sealed record ResourceSnapshot(
    string Name,
    string Type,
    string State,
    string? Health,
    IReadOnlyDictionary<string, string> Endpoints,
    int? Pid,
    int Restarts,
    long? Calls = null);
