using RevOps.Routing.Domain;

namespace RevOps.Routing.Tests;

/// <summary>Rep definitions shared by the tests: 24/7 in UTC unless a test says otherwise.</summary>
internal static class TestReps
{
    public static readonly IReadOnlyList<WorkingPeriod> AlwaysWorking =
        [.. Enum.GetValues<DayOfWeek>().Select(day => new WorkingPeriod(day, TimeOnly.MinValue, TimeOnly.MinValue))];

    public static IReadOnlyList<WorkingPeriod> Weekdays(int fromHour, int toHour) =>
        [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(day => new WorkingPeriod(day, new TimeOnly(fromHour, 0), new TimeOnly(toHour, 0)))];

    public static Rep Rep(string id, int weight = 1, int maxOpen = 1_000_000, string team = "inbound", string zone = "UTC") => new()
    {
        Id = id, TeamId = team, Weight = weight, TimeZoneId = zone, MaxOpenLeads = maxOpen, WorkingHours = AlwaysWorking,
    };
}
