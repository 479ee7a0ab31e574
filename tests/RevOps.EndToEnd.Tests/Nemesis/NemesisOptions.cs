using System.Globalization;

namespace RevOps.EndToEnd.Tests.Nemesis;

/// <summary>
/// How long and how hard the nemesis run goes. CI runs the short default; the long run is
/// <c>CHAOS_DURATION=10m CHAOS_RATE=20 dotnet test tests/RevOps.EndToEnd.Tests --filter Nemesis</c>.
/// </summary>
public sealed record NemesisOptions
{
    /// <summary>How long leads arrive and faults strike (longer when the last of <see cref="MinFaults"/> is still healing).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>New leads per second, sent at a steady pace whatever the faults do.</summary>
    public double Rate { get; init; } = 10;

    /// <summary>Faults that must strike before the run ends, however long they take to heal.</summary>
    public int MinFaults { get; init; } = 3;

    /// <summary>Pause between one fault healing and the next striking, drawn uniformly from this range.</summary>
    public TimeSpan MinInterval { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Fault order and pauses; logged, so a failing run can be replayed.</summary>
    public int Seed { get; init; } = Random.Shared.Next();

    public static NemesisOptions FromEnvironment()
    {
        var options = new NemesisOptions();
        if (Environment.GetEnvironmentVariable("CHAOS_DURATION") is { Length: > 0 } duration)
        {
            options = options with { Duration = ParseDuration(duration) };
        }
        if (Environment.GetEnvironmentVariable("CHAOS_RATE") is { Length: > 0 } rate)
        {
            options = options with { Rate = double.Parse(rate, CultureInfo.InvariantCulture) };
        }
        if (Environment.GetEnvironmentVariable("CHAOS_SEED") is { Length: > 0 } seed)
        {
            options = options with { Seed = int.Parse(seed, CultureInfo.InvariantCulture) };
        }
        return options;
    }

    private static TimeSpan ParseDuration(string text) => text[^1] switch
    {
        's' => TimeSpan.FromSeconds(double.Parse(text[..^1], CultureInfo.InvariantCulture)),
        'm' => TimeSpan.FromMinutes(double.Parse(text[..^1], CultureInfo.InvariantCulture)),
        _ => TimeSpan.Parse(text, CultureInfo.InvariantCulture),
    };
}
