using System.Globalization;
using RevOps.Sla.Domain;

namespace RevOps.Sla.Tests.Domain;

public sealed class BusinessCalendarTests
{
    private static readonly DayOfWeek[] MondayToFriday =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    private static readonly DayOfWeek[] EveryDay = Enum.GetValues<DayOfWeek>();

    private static BusinessHours Hours(string open, string close) =>
        new(TimeOnly.Parse(open, CultureInfo.InvariantCulture), TimeOnly.Parse(close, CultureInfo.InvariantCulture));

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private static BusinessCalendar NewYorkOffice(params DateOnly[] holidays) =>
        new("America/New_York", MondayToFriday, [Hours("09:00", "17:00")], holidays);

    [Theory]
    // Monday 10:00 EST + 4h: same afternoon.
    [InlineData("2026-03-02T10:00:00-05:00", 4, "2026-03-02T14:00:00-05:00")]
    // Monday 15:00 + 4h: two hours tonight, two tomorrow morning.
    [InlineData("2026-03-02T15:00:00-05:00", 4, "2026-03-03T11:00:00-05:00")]
    // Ends exactly at closing time rather than at the next opening.
    [InlineData("2026-03-02T13:00:00-05:00", 4, "2026-03-02T17:00:00-05:00")]
    // Friday 15:00 + 4h: over the weekend to Monday 11:00 (still EST on 2026-02-23).
    [InlineData("2026-02-20T15:00:00-05:00", 4, "2026-02-23T11:00:00-05:00")]
    // Before opening: counting starts at 09:00.
    [InlineData("2026-03-03T06:00:00-05:00", 4, "2026-03-03T13:00:00-05:00")]
    // After closing: counting starts at the next morning's 09:00.
    [InlineData("2026-03-03T20:00:00-05:00", 4, "2026-03-04T13:00:00-05:00")]
    // Saturday: counting starts Monday 09:00.
    [InlineData("2026-02-21T12:00:00-05:00", 4, "2026-02-23T13:00:00-05:00")]
    // Five business days from Monday 09:00 = 40 business hours: Friday 17:00.
    [InlineData("2026-03-02T09:00:00-05:00", 40, "2026-03-06T17:00:00-05:00")]
    public void Adds_business_hours_across_nights_and_weekends(string start, int hours, string expected)
    {
        var due = NewYorkOffice().AddBusinessTime(At(start), TimeSpan.FromHours(hours));

        Assert.Equal(At(expected), due);
        Assert.Equal(TimeSpan.Zero, due.Offset);
    }

    [Fact]
    public void Skips_a_holiday()
    {
        // Friday 2026-07-03 is the observed Independence Day holiday: Thursday 15:00 + 4h lands on Monday.
        var calendar = NewYorkOffice(new DateOnly(2026, 7, 3));

        var due = calendar.AddBusinessTime(At("2026-07-02T15:00:00-04:00"), TimeSpan.FromHours(4));

        Assert.Equal(At("2026-07-06T11:00:00-04:00"), due);
        Assert.Equal(TimeSpan.FromHours(4), calendar.BusinessTimeBetween(At("2026-07-02T15:00:00-04:00"), due));
    }

    [Fact]
    public void A_weekend_with_spring_forward_lands_on_monday_in_daylight_time()
    {
        // Friday 15:00 EST (20:00Z) + 4h: Monday 11:00 EDT is 15:00Z, not the 16:00Z a fixed offset would give.
        var due = NewYorkOffice().AddBusinessTime(At("2026-03-06T20:00:00Z"), TimeSpan.FromHours(4));

        Assert.Equal(At("2026-03-09T15:00:00Z"), due);
    }

    [Fact]
    public void A_weekend_with_fall_back_lands_on_monday_in_standard_time()
    {
        // Friday 15:00 EDT (19:00Z) + 4h: Monday 11:00 EST is 16:00Z.
        var due = NewYorkOffice().AddBusinessTime(At("2026-10-30T19:00:00Z"), TimeSpan.FromHours(4));

        Assert.Equal(At("2026-11-02T16:00:00Z"), due);
    }

    [Fact]
    public void Round_the_clock_hours_count_real_time_through_daylight_saving_changes()
    {
        var calendar = new BusinessCalendar("America/New_York", EveryDay, [Hours("00:00", "00:00")]);

        // The spring-forward day has 23 real hours, the fall-back day 25.
        Assert.Equal(TimeSpan.FromHours(23),
            calendar.BusinessTimeBetween(At("2026-03-08T00:00:00-05:00"), At("2026-03-09T00:00:00-04:00")));
        Assert.Equal(TimeSpan.FromHours(25),
            calendar.BusinessTimeBetween(At("2026-11-01T00:00:00-04:00"), At("2026-11-02T00:00:00-05:00")));
        // Midnight EST + 4 real hours is 05:00 EDT.
        Assert.Equal(At("2026-03-08T05:00:00-04:00"),
            calendar.AddBusinessTime(At("2026-03-08T00:00:00-05:00"), TimeSpan.FromHours(4)));
    }

    [Fact]
    public void An_opening_inside_the_spring_forward_gap_opens_when_the_gap_ends()
    {
        // 02:30 does not exist on 2026-03-08 in New York: the 02:30-06:00 shift runs 03:00-06:00 EDT, 3 hours.
        var calendar = new BusinessCalendar("America/New_York", EveryDay, [Hours("02:30", "06:00")]);

        Assert.Equal(TimeSpan.FromHours(3),
            calendar.BusinessTimeBetween(At("2026-03-08T00:00:00-05:00"), At("2026-03-08T12:00:00-04:00")));
        Assert.Equal(TimeSpan.FromHours(3.5),
            calendar.BusinessTimeBetween(At("2026-03-07T00:00:00-05:00"), At("2026-03-07T12:00:00-05:00")));
        Assert.Equal(At("2026-03-08T04:00:00-04:00"),
            calendar.AddBusinessTime(At("2026-03-08T01:00:00-05:00"), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void An_interval_through_the_fall_back_overlap_counts_the_repeated_hour()
    {
        // 01:30 EDT (05:30Z) to 03:00 EST (08:00Z): 2.5 real hours for a 1.5-hour wall-clock interval.
        var calendar = new BusinessCalendar("America/New_York", EveryDay, [Hours("01:30", "03:00")]);

        Assert.Equal(TimeSpan.FromHours(2.5),
            calendar.BusinessTimeBetween(At("2026-11-01T00:00:00Z"), At("2026-11-01T12:00:00Z")));
        Assert.Equal(At("2026-11-01T07:30:00Z"),
            calendar.AddBusinessTime(At("2026-11-01T00:00:00Z"), TimeSpan.FromHours(2)));
    }

    [Fact]
    public void Berlin_spring_forward_on_a_sunday_shift()
    {
        var calendar = new BusinessCalendar("Europe/Berlin", EveryDay, [Hours("08:00", "20:00")]);

        // Saturday 18:00 CET (17:00Z) + 4h: 2h on Saturday, then Sunday 08:00 CEST (06:00Z) + 2h = 08:00Z.
        var due = calendar.AddBusinessTime(At("2026-03-28T17:00:00Z"), TimeSpan.FromHours(4));

        Assert.Equal(At("2026-03-29T08:00:00Z"), due);
        Assert.False(calendar.IsOpenAt(At("2026-03-29T05:30:00Z")));
        Assert.True(calendar.IsOpenAt(At("2026-03-29T06:00:00Z")));
    }

    [Fact]
    public void Several_daily_intervals_skip_the_lunch_break()
    {
        var calendar = new BusinessCalendar("Europe/Berlin", MondayToFriday, [Hours("13:00", "17:00"), Hours("09:00", "12:00")]);

        Assert.Equal(At("2026-03-02T14:00:00+01:00"), calendar.AddBusinessTime(At("2026-03-02T11:00:00+01:00"), TimeSpan.FromHours(2)));
        Assert.Equal(TimeSpan.FromHours(7),
            calendar.BusinessTimeBetween(At("2026-03-02T00:00:00+01:00"), At("2026-03-03T00:00:00+01:00")));
        Assert.False(calendar.IsOpenAt(At("2026-03-02T12:30:00+01:00")));
    }

    [Theory]
    [InlineData("2026-03-06T19:30:00Z", 0.5)]
    [InlineData("2026-03-06T20:00:00Z", 4)]
    [InlineData("2026-03-07T12:00:00Z", 9)]
    [InlineData("2026-10-29T21:59:00Z", 40)]
    [InlineData("2026-11-01T06:30:00Z", 17.25)]
    public void Business_time_between_a_start_and_its_due_time_is_the_duration_added(string start, double hours)
    {
        var calendar = NewYorkOffice(new DateOnly(2026, 3, 10));
        var duration = TimeSpan.FromHours(hours);

        var due = calendar.AddBusinessTime(At(start), duration);

        Assert.Equal(duration, calendar.BusinessTimeBetween(At(start), due));
        Assert.Equal(-duration, calendar.BusinessTimeBetween(due, At(start)));
    }

    [Fact]
    public void Nothing_counts_between_two_instants_outside_hours()
    {
        Assert.Equal(TimeSpan.Zero,
            NewYorkOffice().BusinessTimeBetween(At("2026-03-07T10:00:00-05:00"), At("2026-03-08T23:00:00-04:00")));
    }

    [Fact]
    public void Zero_duration_is_due_at_the_start()
    {
        var start = At("2026-03-07T10:00:00-05:00");

        Assert.Equal(start, NewYorkOffice().AddBusinessTime(start, TimeSpan.Zero));
    }

    [Fact]
    public void Rejects_an_unknown_time_zone()
    {
        var ex = Assert.Throws<ArgumentException>(() => new BusinessCalendar("Mars/Olympus_Mons", MondayToFriday, [Hours("09:00", "17:00")]));
        Assert.Contains("Mars/Olympus_Mons", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_an_empty_week()
    {
        var ex = Assert.Throws<ArgumentException>(() => new BusinessCalendar("Europe/Berlin", [], [Hours("09:00", "17:00")]));
        Assert.Equal("workingDays", ex.ParamName);
    }

    [Theory]
    [InlineData("17:00", "09:00")]
    [InlineData("09:00", "09:00")]
    public void Rejects_an_interval_that_does_not_open_before_it_closes(string open, string close)
    {
        var ex = Assert.Throws<ArgumentException>(() => new BusinessCalendar("Europe/Berlin", MondayToFriday, [Hours(open, close)]));
        Assert.Contains("must open before it closes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_overlapping_intervals_and_no_intervals()
    {
        Assert.Throws<ArgumentException>(() =>
            new BusinessCalendar("Europe/Berlin", MondayToFriday, [Hours("09:00", "13:00"), Hours("12:00", "17:00")]));
        Assert.Throws<ArgumentException>(() => new BusinessCalendar("Europe/Berlin", MondayToFriday, []));
    }

    [Fact]
    public void Rejects_a_negative_duration()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NewYorkOffice().AddBusinessTime(At("2026-03-02T10:00:00Z"), TimeSpan.FromHours(-1)));
    }

    [Fact]
    public void Gives_up_when_holidays_cover_every_working_day()
    {
        var mondays = Enumerable.Range(0, 6 * 53).Select(w => new DateOnly(2026, 3, 2).AddDays(7 * w)).ToArray();
        var calendar = new BusinessCalendar("Europe/Berlin", [DayOfWeek.Monday], [Hours("09:00", "17:00")], mondays);

        Assert.Throws<InvalidOperationException>(() => calendar.AddBusinessTime(At("2026-03-01T10:00:00Z"), TimeSpan.FromHours(1)));
    }
}
