using System.Globalization;

namespace RevOps.Pipeline.Bench;

/// <summary>
/// The command line: <c>[step-seconds] [rate ...] [--replicas 2,1] [--drain S] [--seed N] [--scenario demo] [--probes N]
/// [--reps-per-team N] [--max-in-flight N] [--warmup S] [--all-steps] [--logs DIR]</c>.
/// </summary>
internal sealed record BenchOptions
{
    public int StepSeconds { get; init; } = 10;
    public IReadOnlyList<int> Rates { get; init; } = [50, 100, 200];
    /// <summary>Scoring replicas per run, each run on a fresh graph: 2 (the AppHost's) and 1 (scoring-1 stopped).</summary>
    public IReadOnlyList<int> Replicas { get; init; } = [2, 1];
    /// <summary>After a step's send window: how long its qualified leads may take to be assigned.</summary>
    public int DrainSeconds { get; init; } = 15;
    public int Seed { get; init; } = 42;
    public string Scenario { get; init; } = "demo";
    /// <summary>Leads per second, among the step's own, that also measure ingestion to scorecard visibility.</summary>
    public double ProbesPerSecond { get; init; } = 4;
    public int RepsPerTeam { get; init; } = 5;
    /// <summary>Calls in flight at most; past it the pacer waits, and the wait counts in every latency (measured from the due time).</summary>
    public int MaxInFlight { get; init; } = 4096;
    public int WarmupSeconds { get; init; } = 20;
    public int WarmupRate { get; init; } = 100;
    /// <summary>Visibility poll interval while a probe is pending.</summary>
    public int VisibilityPollMilliseconds { get; init; } = 50;
    /// <summary>Run every rate even after a step that was not sustained (by default a run stops there).</summary>
    public bool AllSteps { get; init; }
    /// <summary>Copy each run's service logs here before the graph is disposed.</summary>
    public string? LogsDirectory { get; init; }

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        var positional = new List<int>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value.");
            options = arg switch
            {
                "--replicas" => options with { Replicas = IntList(Next(), arg) },
                "--rates" => options with { Rates = IntList(Next(), arg) },
                "--step" => options with { StepSeconds = Int(Next(), arg) },
                "--drain" => options with { DrainSeconds = Int(Next(), arg) },
                "--seed" => options with { Seed = Int(Next(), arg) },
                "--scenario" => options with { Scenario = Next() },
                "--probes" => options with { ProbesPerSecond = double.Parse(Next(), NumberStyles.Float, CultureInfo.InvariantCulture) },
                "--reps-per-team" => options with { RepsPerTeam = Int(Next(), arg) },
                "--max-in-flight" => options with { MaxInFlight = Int(Next(), arg) },
                "--warmup" => options with { WarmupSeconds = Int(Next(), arg) },
                "--warmup-rate" => options with { WarmupRate = Int(Next(), arg) },
                "--poll-ms" => options with { VisibilityPollMilliseconds = Int(Next(), arg) },
                "--all-steps" => options with { AllSteps = true },
                "--logs" => options with { LogsDirectory = Path.GetFullPath(Next()) },
                "-h" or "--help" => throw new ArgumentException(Usage),
                _ when arg.StartsWith("--", StringComparison.Ordinal) => throw new ArgumentException($"Unknown option {arg}.{Environment.NewLine}{Usage}"),
                _ => Positional(options, positional, Int(arg, "argument")),
            };
        }
        if (positional.Count > 0)
            options = options with { StepSeconds = positional[0] };
        if (positional.Count > 1)
            options = options with { Rates = positional[1..] };
        options.Validate();
        return options;
    }

    public const string Usage = """
        usage: RevOps.Pipeline.Bench [step-seconds] [rate ...] [options]
          step-seconds        length of each step's send window (default 10)
          rate ...            target leads/s per step, rising (default 50 100 200)
          --replicas 2,1      scoring replicas per run, each on a fresh graph (1 or 2; default 2,1)
          --drain S           seconds a step's qualified leads may take to be assigned after its send window (default 15)
          --seed N            planner seed (default 42); --scenario demo|company-a|company-b (default demo)
          --probes N          visibility probes per second among the step's leads (default 4)
          --reps-per-team N   reps registered per team of the contract (default 5)
          --max-in-flight N   SubmitLead calls in flight at most (default 4096)
          --warmup S          warm-up seconds at --warmup-rate leads/s before each run (default 20 at 100)
          --poll-ms N         visibility poll interval while a probe is pending (default 50)
          --all-steps         keep climbing after a step that was not sustained
          --logs DIR          copy each run's resource logs to DIR/<replicas>-replicas/
        """;

    private void Validate()
    {
        if (StepSeconds < 1)
            throw new ArgumentException("step-seconds must be at least 1.");
        if (Rates.Count == 0 || Rates.Any(r => r < 1))
            throw new ArgumentException("Rates must be whole leads per second, at least 1.");
        if (Replicas.Count == 0 || Replicas.Any(r => r is not (1 or 2)))
            throw new ArgumentException("--replicas takes 1 and/or 2: the AppHost runs two scoring replicas, and a 1-replica run stops scoring-1.");
        if (DrainSeconds < 1 || MaxInFlight < 1 || RepsPerTeam < 1 || WarmupSeconds < 0 || WarmupRate < 1 || VisibilityPollMilliseconds < 5 || Seed < 0)
            throw new ArgumentException("--drain, --max-in-flight, --reps-per-team, --warmup-rate must be positive, --warmup and --seed not negative, --poll-ms at least 5.");
        if (!(ProbesPerSecond > 0))
            throw new ArgumentException("--probes must be above 0.");
        RevOps.Simulator.Planning.Scenario.Find(Scenario);
    }

    private static BenchOptions Positional(BenchOptions options, List<int> positional, int value)
    {
        positional.Add(value);
        return options;
    }

    private static int Int(string text, string name) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{name}: '{text}' is not a whole number.{Environment.NewLine}{Usage}");

    private static int[] IntList(string text, string name) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => Int(t, name))];
}
