namespace RevOps.RevenueContract;

/// <summary>What makes a lead enter a lifecycle stage.</summary>
public enum StageEntry
{
    /// <summary>The lead exists.</summary>
    Captured = 0,

    /// <summary>The score reached the MQL threshold (once reached, the stage sticks).</summary>
    ScoreThreshold = 1,

    /// <summary>Sales accepted the lead.</summary>
    Accepted = 2,

    /// <summary>An opportunity exists, optionally one that reached one of the listed CRM stages.</summary>
    Opportunity = 3,

    Won = 4,
    Lost = 5,
}
