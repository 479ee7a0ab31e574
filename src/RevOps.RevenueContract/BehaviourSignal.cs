namespace RevOps.RevenueContract;

/// <summary>
/// A behaviour signal: earns <see cref="Points"/> (decayed by age) once the lead has <see cref="MinCount"/> activities
/// of <see cref="Activity"/> whose detail contains <see cref="DetailContains"/> when set.
/// </summary>
public sealed record BehaviourSignal
{
    public required string Id { get; init; }
    public required string Label { get; init; }
    public required string Activity { get; init; }
    public string? DetailContains { get; init; }
    public int MinCount { get; init; } = 1;
    public required int Points { get; init; }

    public bool Matches(string activityType, string? detail) =>
        string.Equals(activityType, Activity, StringComparison.Ordinal)
        && (DetailContains is null || (detail is not null && detail.Contains(DetailContains, StringComparison.OrdinalIgnoreCase)));
}
