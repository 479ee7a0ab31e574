namespace RevOps.RevenueContract;

/// <summary>Units a follow-up window can be written in; business units count only the team calendar's working time.</summary>
public enum DurationUnit
{
    Minutes = 0,
    Hours = 1,
    Days = 2,
    BusinessHours = 3,
    BusinessDays = 4,
}
