namespace RevOps.RevenueContract;

/// <summary>A team routing rules send leads to: its business-hours calendar, the queue for leads nobody can take, and its manager.</summary>
public sealed record SalesTeam
{
    public required string Id { get; init; }
    public string? Label { get; init; }
    public required string Calendar { get; init; }
    public required string FallbackQueue { get; init; }
    public required string Manager { get; init; }
}
