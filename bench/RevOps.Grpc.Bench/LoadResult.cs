namespace RevOps.Grpc.Bench;

/// <summary>One load run: throughput and latency percentiles.</summary>
public sealed record LoadResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Succeeded, long Failed)
{
    public static LoadResult FromLatencies(List<double> latenciesMs, double seconds, long failed)
    {
        latenciesMs.Sort();
        return new LoadResult(latenciesMs.Count / seconds, Percentile(latenciesMs, 0.50), Percentile(latenciesMs, 0.99), latenciesMs.Count, failed);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
