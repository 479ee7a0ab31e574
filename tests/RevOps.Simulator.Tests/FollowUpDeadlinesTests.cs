using RevOps.RevenueContract;
using RevOps.Simulator.Running;

namespace RevOps.Simulator.Tests;

public class FollowUpDeadlinesTests
{
    private static readonly ContractDocument Contract = ContractLoader.LoadDefault();

    // Monday 2 March 2026, 15:00 in New York (EST): two business hours left that day.
    private static readonly DateTimeOffset MondayAfternoon = new(2026, 3, 2, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_touch_is_late_after_four_business_hours_of_the_team_calendar()
    {
        var due = FollowUpDeadlines.Earliest(Contract, FollowUpMetBy.Touch, "na_enterprise", MondayAfternoon);

        // 15:00-17:00 Monday, then 09:00-11:00 Tuesday.
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 16, 0, 0, TimeSpan.Zero), due);
    }

    [Fact]
    public void A_disposition_is_late_after_24_wall_clock_hours()
    {
        var due = FollowUpDeadlines.Earliest(Contract, FollowUpMetBy.Disposition, "emea", MondayAfternoon);

        Assert.Equal(MondayAfternoon + TimeSpan.FromHours(24), due);
    }
}
