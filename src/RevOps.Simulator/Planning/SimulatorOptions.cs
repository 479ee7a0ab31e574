using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace RevOps.Simulator.Planning;

/// <summary>
/// What to simulate, from the "Simulator" configuration section (e.g. <c>Simulator__Rate=5</c>) or the command line
/// (<c>--rate 5 --duration 2m --scenario company-a --seed 42 --acceleration 3600</c>).
/// </summary>
public sealed record SimulatorOptions
{
    public const string Section = "Simulator";

    /// <summary>A million: a year of sales cycle in half a minute; more would overflow the plan's clock in long runs.</summary>
    public const double MaxAcceleration = 1_000_000;

    public static readonly IDictionary<string, string> SwitchMappings = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--rate"] = $"{Section}:Rate",
        ["--duration"] = $"{Section}:Duration",
        ["--scenario"] = $"{Section}:Scenario",
        ["--seed"] = $"{Section}:Seed",
        ["--acceleration"] = $"{Section}:Acceleration",
        ["--reps-per-team"] = $"{Section}:RepsPerTeam",
    };

    /// <summary>New leads per second of real time.</summary>
    public double Rate { get; init; } = 2;

    /// <summary>How long new leads keep arriving (real time); null runs until stopped. Journeys already begun still finish.</summary>
    public TimeSpan? Duration { get; init; }

    public string Scenario { get; init; } = Planning.Scenario.Demo.Name;

    public int Seed { get; init; }

    /// <summary>Simulated time per real time: 3600 plays an hour of the sales cycle in a second.</summary>
    public double Acceleration { get; init; } = 3600;

    public int RepsPerTeam { get; init; } = 3;

    /// <summary>Reads and checks the section; a missing seed becomes a random one, so each run of the demo adds new leads.</summary>
    public static SimulatorOptions From(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var defaults = new SimulatorOptions();
        var options = new SimulatorOptions
        {
            Rate = Number(section, nameof(Rate)) ?? defaults.Rate,
            Duration = ParseDuration(section[nameof(Duration)]),
            Scenario = section[nameof(Scenario)] is { Length: > 0 } scenario ? scenario : defaults.Scenario,
            Seed = (int?)Number(section, nameof(Seed)) ?? Random.Shared.Next(),
            Acceleration = Number(section, nameof(Acceleration)) ?? defaults.Acceleration,
            RepsPerTeam = (int?)Number(section, nameof(RepsPerTeam)) ?? defaults.RepsPerTeam,
        };
        options.Validate();
        return options;
    }

    public void Validate()
    {
        if (!(Rate > 0))
            throw new ArgumentException($"{Section}:Rate must be above 0 leads per second (got {Rate}).");
        if (Duration <= TimeSpan.Zero)
            throw new ArgumentException($"{Section}:Duration must be positive, or 'unbounded' (got {Duration}).");
        if (!(Acceleration is >= 1 and <= MaxAcceleration))
            throw new ArgumentException($"{Section}:Acceleration must be between 1 (real time) and {MaxAcceleration:0} (got {Acceleration}).");
        if (Seed < 0)
            throw new ArgumentException($"{Section}:Seed must not be negative (got {Seed}).");
        if (RepsPerTeam < 1)
            throw new ArgumentException($"{Section}:RepsPerTeam must be at least 1 (got {RepsPerTeam}).");
        Planning.Scenario.Find(Scenario);
    }

    /// <summary>"90" or "90s", "5m", "2h", "00:05:00"; empty or "unbounded" for no end.</summary>
    public static TimeSpan? ParseDuration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("unbounded", StringComparison.OrdinalIgnoreCase))
            return null;
        var value = text.Trim();
        var unit = value[^1] switch { 's' => 1, 'm' => 60, 'h' => 3600, _ => 0 };
        var digits = unit == 0 ? value : value[..^1];
        if (double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            return TimeSpan.FromSeconds(number * Math.Max(unit, 1));
        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span))
            return span;
        throw new ArgumentException($"{Section}:Duration '{text}' is not a duration such as 90s, 5m, 2h, 00:05:00 or unbounded.");
    }

    private static double? Number(IConfiguration section, string key)
    {
        if (section[key] is not { Length: > 0 } text)
            return null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{Section}:{key} '{text}' is not a number.");
    }
}
