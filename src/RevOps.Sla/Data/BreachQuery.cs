namespace RevOps.Sla.Data;

/// <summary>Filters for listing breaches; null means any. Newest first, at most <see cref="Limit"/> rows.</summary>
public sealed record BreachQuery
{
    public string? OwnerRepId { get; init; }
    public string? TeamId { get; init; }
    public string? ClauseId { get; init; }

    /// <summary>Breached at or after this instant.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Breached before this instant.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only breaches nobody has given a reason for.</summary>
    public bool OnlyFlagged { get; init; }

    public int Limit { get; init; } = 100;
}
