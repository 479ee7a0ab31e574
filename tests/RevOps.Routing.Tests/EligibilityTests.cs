using RevOps.Routing.Domain;
using static RevOps.Routing.Tests.TestReps;

namespace RevOps.Routing.Tests;

public sealed class EligibilityTests
{
    private static readonly IReadOnlySet<string> NoExclusions = new HashSet<string>();

    // Monday 2026-11-23 15:00 UTC: 10:00 in New York, 16:00 in Berlin, 00:00 Tuesday in Tokyo.
    private static readonly DateTimeOffset MondayAfternoonUtc = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Working_hours_are_read_in_each_reps_own_time_zone()
    {
        var reps = new[]
        {
            Rep("new-york", zone: "America/New_York") with { WorkingHours = Weekdays(9, 17) },
            Rep("berlin", zone: "Europe/Berlin") with { WorkingHours = Weekdays(9, 17) },
            Rep("tokyo", zone: "Asia/Tokyo") with { WorkingHours = Weekdays(9, 17) },
        };

        var result = Eligibility.Evaluate(reps, NoExclusions, MondayAfternoonUtc);

        Assert.Equal(["berlin", "new-york"], result.Eligible.Select(r => r.Id));
        var tokyo = Assert.Single(result.Skipped);
        Assert.Equal(("tokyo", Verdict.Unavailable), (tokyo.RepId, tokyo.Verdict));
        Assert.Contains("Tuesday 00:00 in Asia/Tokyo", tokyo.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rep_after_hours_in_their_zone_becomes_available_when_their_day_starts()
    {
        var berlin = Rep("berlin", zone: "Europe/Berlin") with { WorkingHours = Weekdays(9, 17) };

        // 17:00 Berlin is the end of the day (exclusive); 08:00 UTC on Tuesday is 09:00 in Berlin.
        Assert.Empty(Eligibility.Evaluate([berlin], NoExclusions, new DateTimeOffset(2026, 11, 23, 16, 0, 0, TimeSpan.Zero)).Eligible);
        Assert.Single(Eligibility.Evaluate([berlin], NoExclusions, new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero)).Eligible);
    }

    [Fact]
    public void Daylight_saving_shifts_the_utc_window_of_a_reps_working_day()
    {
        var newYork = Rep("new-york", zone: "America/New_York") with { WorkingHours = Weekdays(9, 17) };

        // 13:30 UTC is 09:30 EDT in July but 08:30 EST in November.
        Assert.Single(Eligibility.Evaluate([newYork], NoExclusions, new DateTimeOffset(2026, 7, 6, 13, 30, 0, TimeSpan.Zero)).Eligible);
        Assert.Empty(Eligibility.Evaluate([newYork], NoExclusions, new DateTimeOffset(2026, 11, 23, 13, 30, 0, TimeSpan.Zero)).Eligible);
    }

    [Fact]
    public void Overnight_shifts_continue_past_midnight_into_the_next_day()
    {
        var nightShift = Rep("night", zone: "UTC") with { WorkingHours = [new WorkingPeriod(DayOfWeek.Monday, new TimeOnly(22, 0), new TimeOnly(6, 0))] };

        Assert.Single(Eligibility.Evaluate([nightShift], NoExclusions, new DateTimeOffset(2026, 11, 23, 23, 0, 0, TimeSpan.Zero)).Eligible);
        Assert.Single(Eligibility.Evaluate([nightShift], NoExclusions, new DateTimeOffset(2026, 11, 24, 5, 59, 0, TimeSpan.Zero)).Eligible);
        Assert.Empty(Eligibility.Evaluate([nightShift], NoExclusions, new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero)).Eligible);
        Assert.Empty(Eligibility.Evaluate([nightShift], NoExclusions, new DateTimeOffset(2026, 11, 23, 21, 59, 0, TimeSpan.Zero)).Eligible);
    }

    [Fact]
    public void Out_of_office_windows_skip_the_rep_only_while_they_last()
    {
        var away = Rep("away") with
        {
            OutOfOffice = [new UnavailabilityWindow(MondayAfternoonUtc.AddHours(-1), MondayAfternoonUtc.AddHours(1), "dentist")],
        };

        var during = Assert.Single(Eligibility.Evaluate([away], NoExclusions, MondayAfternoonUtc).Skipped);
        Assert.Equal(Verdict.OutOfOffice, during.Verdict);
        Assert.Contains("dentist", during.Detail, StringComparison.Ordinal);
        Assert.Single(Eligibility.Evaluate([away], NoExclusions, MondayAfternoonUtc.AddHours(1)).Eligible);
    }

    [Fact]
    public void Every_skipped_rep_gets_the_reason_in_check_order()
    {
        var reps = new[]
        {
            Rep("excluded"),
            Rep("inactive") with { Active = false },
            Rep("full", maxOpen: 3),
            Rep("daily") with { DailyCap = 2 },
            Rep("weekly") with { WeeklyCap = 5 },
            Rep("free", maxOpen: 3) with { DailyCap = 2, WeeklyCap = 5 },
        };
        var loads = new Dictionary<string, RepLoad>
        {
            ["full"] = new(3, 0, 0),
            ["daily"] = new(0, 2, 2),
            ["weekly"] = new(0, 1, 5),
            ["free"] = new(2, 1, 4),
        };

        var result = Eligibility.Evaluate(reps, new HashSet<string> { "excluded" }, MondayAfternoonUtc, loads);

        Assert.Equal(["free"], result.Eligible.Select(r => r.Id));
        Assert.Equal(
            [("daily", Verdict.DailyCap), ("excluded", Verdict.Excluded), ("full", Verdict.AtCapacity), ("inactive", Verdict.Inactive), ("weekly", Verdict.WeeklyCap)],
            result.Skipped.Select(v => (v.RepId, v.Verdict)));
        Assert.Equal("open leads 3 of 3", result.Skipped.Single(v => v.RepId == "full").Detail);
    }

    [Fact]
    public void Without_loads_capacity_is_left_to_the_atomic_script()
    {
        var result = Eligibility.Evaluate([Rep("full", maxOpen: 0)], NoExclusions, MondayAfternoonUtc);

        Assert.Single(result.Eligible);
    }

    [Fact]
    public void Local_day_and_iso_week_follow_the_reps_zone()
    {
        var tokyo = Rep("tokyo", zone: "Asia/Tokyo");
        var sunday = new DateTimeOffset(2026, 11, 29, 16, 0, 0, TimeSpan.Zero);

        Assert.Equal("2026-11-24", tokyo.LocalDay(MondayAfternoonUtc));
        Assert.Equal("2026-W49", tokyo.LocalWeek(sunday));
        Assert.Equal("2026-W48", Rep("utc").LocalWeek(sunday));
    }

    [Fact]
    public void Bad_rep_settings_are_rejected_with_a_clear_message()
    {
        Assert.Contains("Unknown time zone 'Mars/Olympus'", Assert.Throws<ArgumentException>(() => Rep("x", zone: "Mars/Olympus")).Message, StringComparison.Ordinal);
        Assert.Contains("weight 0", Assert.Throws<ArgumentException>(() => Rep("x", weight: 0).Validated()).Message, StringComparison.Ordinal);
        Assert.Contains("must end after it starts", Assert.Throws<ArgumentException>(
            () => new UnavailabilityWindow(MondayAfternoonUtc, MondayAfternoonUtc)).Message, StringComparison.Ordinal);
    }
}
