namespace RevOps.RevenueContract;

/// <summary>A company-size segment by ARR in USD: <see cref="MinArr"/> inclusive, <see cref="MaxArr"/> exclusive.</summary>
public sealed record CompanySizeBand
{
    public required string Id { get; init; }
    public string? Label { get; init; }
    public decimal? MinArr { get; init; }
    public decimal? MaxArr { get; init; }

    public bool Contains(decimal arr) => (MinArr is null || arr >= MinArr) && (MaxArr is null || arr < MaxArr);
}
