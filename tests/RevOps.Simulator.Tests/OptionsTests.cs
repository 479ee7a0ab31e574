using Microsoft.Extensions.Configuration;
using RevOps.Simulator.Planning;

namespace RevOps.Simulator.Tests;

public class OptionsTests
{
    private static SimulatorOptions Read(params string[] args) =>
        SimulatorOptions.From(new ConfigurationBuilder().AddCommandLine(args, SimulatorOptions.SwitchMappings).Build().GetSection(SimulatorOptions.Section));

    [Fact]
    public void The_command_line_sets_every_option()
    {
        var options = Read("--rate", "7.5", "--duration", "2m", "--scenario", "company-b", "--seed", "42", "--acceleration", "60", "--reps-per-team", "4");

        Assert.Equal(new SimulatorOptions { Rate = 7.5, Duration = TimeSpan.FromMinutes(2), Scenario = "company-b", Seed = 42, Acceleration = 60, RepsPerTeam = 4 }, options);
    }

    [Fact]
    public void Configuration_keys_set_options_and_a_missing_seed_is_drawn_at_random()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Simulator:Rate"] = "3",
            ["Simulator:Duration"] = "unbounded",
        }).Build().GetSection(SimulatorOptions.Section);

        var seeds = Enumerable.Range(0, 5).Select(_ => SimulatorOptions.From(section)).ToList();

        Assert.All(seeds, o => Assert.Equal(3, o.Rate));
        Assert.All(seeds, o => Assert.Null(o.Duration));
        Assert.True(seeds.Select(o => o.Seed).Distinct().Count() > 1);
    }

    [Theory]
    [InlineData("90", 90)]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("2h", 7200)]
    [InlineData("00:05:00", 300)]
    public void Durations_read_as_seconds_minutes_hours_or_a_time_span(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), SimulatorOptions.ParseDuration(text));

    [Theory]
    [InlineData("--rate", "0")]
    [InlineData("--acceleration", "0.5")]
    [InlineData("--scenario", "company-c")]
    [InlineData("--duration", "soon")]
    [InlineData("--seed", "-1")]
    public void Bad_options_fail_at_start_naming_the_option(string name, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => Read(name, value));

        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }
}
