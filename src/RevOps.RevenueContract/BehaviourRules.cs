namespace RevOps.RevenueContract;

/// <summary>The activity types upstream systems may send, the signals that earn points, and how fast points decay.</summary>
public sealed record BehaviourRules
{
    /// <summary>Points halve every this many days after the activity.</summary>
    public required double HalfLifeDays { get; init; }
    public required IReadOnlyList<ActivityType> ActivityTypes { get; init; }
    public required IReadOnlyList<BehaviourSignal> Signals { get; init; }
}
