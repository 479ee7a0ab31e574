namespace RevOps.Routing.Domain;

/// <summary>Filters for listing assignments; unset filters match everything. Times bound assigned_at as [From, To).</summary>
public sealed record AssignmentQuery
{
    public string? RepId { get; init; }
    public string? TeamId { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public bool OpenOnly { get; init; }
    public int Limit { get; init; } = 100;
}
