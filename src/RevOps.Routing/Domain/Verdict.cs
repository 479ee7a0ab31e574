namespace RevOps.Routing.Domain;

/// <summary>What routing concluded about one candidate rep; stored in the audit as the snake_case code.</summary>
public enum Verdict
{
    /// <summary>Got the lead.</summary>
    Chosen,

    /// <summary>Eligible, but another eligible rep stood further behind their fair share.</summary>
    PassedOver,

    /// <summary>The matched rule excludes this rep.</summary>
    Excluded,

    /// <summary>Deactivated rep.</summary>
    Inactive,

    /// <summary>Inside an out-of-office window.</summary>
    OutOfOffice,

    /// <summary>Outside their working hours in their own time zone.</summary>
    Unavailable,

    /// <summary>Already holds their maximum of open leads.</summary>
    AtCapacity,

    /// <summary>Reached the per-day cap for their local day.</summary>
    DailyCap,

    /// <summary>Reached the per-week cap for their local ISO week.</summary>
    WeeklyCap,
}
