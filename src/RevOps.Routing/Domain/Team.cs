namespace RevOps.Routing.Domain;

/// <summary>A routing team and the queue its leads wait in when no rep is eligible.</summary>
public sealed record Team
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    public required string FallbackQueue { get; init; }

    /// <summary>Throws a clear error for ids the Redis key scheme cannot carry.</summary>
    public Team Validated()
    {
        if (string.IsNullOrWhiteSpace(Id) || Id.AsSpan().IndexOfAny('{', '}', ':') >= 0)
            throw new ArgumentException($"Team id '{Id}' must be non-empty and free of '{{', '}}' and ':'.");
        if (string.IsNullOrWhiteSpace(FallbackQueue))
            throw new ArgumentException($"Team '{Id}' needs a fallback queue.");
        return this;
    }
}
