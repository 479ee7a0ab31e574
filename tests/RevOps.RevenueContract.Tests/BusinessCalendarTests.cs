using RevOps.RevenueContract;

namespace RevOps.RevenueContract.Tests;

public class BusinessCalendarTests
{
    private readonly ContractDocument _contract = ContractLoader.LoadDefault();

    private BusinessCalendar UsEastern => _contract.FindCalendar("us_eastern")!;

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void Four_business_hours_inside_one_day()
    {
        // Tuesday 2026-11-17 10:00 New York (EST, UTC-5) + 4h = 14:00 local.
        Assert.Equal(Utc(2026, 11, 17, 19), UsEastern.AddBusinessTime(Utc(2026, 11, 17, 15), new ContractDuration(4, DurationUnit.BusinessHours)));
    }

    [Fact]
    public void Business_hours_carry_over_the_night()
    {
        // Tuesday 16:00 local: 1h today, 3h from Wednesday 09:00 = 12:00 local (17:00 UTC).
        Assert.Equal(Utc(2026, 11, 18, 17), UsEastern.AddBusinessTime(Utc(2026, 11, 17, 21), new ContractDuration(4, DurationUnit.BusinessHours)));
    }

    [Fact]
    public void A_lead_assigned_on_friday_evening_is_due_monday()
    {
        // Friday 2026-11-20 18:00 local is after hours: the clock starts Monday 09:00 and is due 13:00 local.
        Assert.Equal(Utc(2026, 11, 23, 18), UsEastern.AddBusinessTime(Utc(2026, 11, 20, 23), new ContractDuration(4, DurationUnit.BusinessHours)));
    }

    [Fact]
    public void Holidays_are_skipped()
    {
        // Wednesday 2026-11-25 16:00 local; Thursday 11-26 is Thanksgiving in the calendar: due Friday 12:00 local.
        Assert.Equal(Utc(2026, 11, 27, 17), UsEastern.AddBusinessTime(Utc(2026, 11, 25, 21), new ContractDuration(4, DurationUnit.BusinessHours)));
    }

    [Fact]
    public void Daylight_saving_change_keeps_local_business_hours()
    {
        // Friday 2026-03-06 15:00 EST (20:00 UTC): 2h Friday, 2h Monday 03-09 after the switch to EDT (UTC-4) = 11:00 local = 15:00 UTC.
        Assert.Equal(Utc(2026, 3, 9, 15), UsEastern.AddBusinessTime(Utc(2026, 3, 6, 20), new ContractDuration(4, DurationUnit.BusinessHours)));
    }

    [Fact]
    public void Five_business_days_is_the_same_local_time_a_working_week_later()
    {
        // Monday 2026-11-16 10:00 local + 5 business days, with Thanksgiving on 11-26 not in the way: Monday 11-23 10:00.
        Assert.Equal(Utc(2026, 11, 23, 15), UsEastern.AddBusinessTime(Utc(2026, 11, 16, 15), new ContractDuration(5, DurationUnit.BusinessDays)));
    }

    [Fact]
    public void Wall_clock_units_ignore_the_calendar()
    {
        Assert.Equal(Utc(2026, 11, 22, 23), UsEastern.AddBusinessTime(Utc(2026, 11, 21, 23), new ContractDuration(24, DurationUnit.Hours)));
    }

    [Fact]
    public void Working_day_checks_weekends_and_holidays()
    {
        Assert.True(UsEastern.IsWorkingDay(new DateOnly(2026, 11, 23)));
        Assert.False(UsEastern.IsWorkingDay(new DateOnly(2026, 11, 22)));
        Assert.False(UsEastern.IsWorkingDay(new DateOnly(2026, 12, 25)));
    }
}
