using System.Diagnostics;

namespace RevOps.Redis.Bench;

/// <summary>Microsecond buckets up to 100 ms (slower samples land in the last bucket); one per caller, merged at the end.</summary>
internal sealed class LatencyHistogram
{
    private const int Buckets = 100_000;
    private readonly long[] _counts = new long[Buckets];

    public long Count { get; private set; }

    public void Record(long startTimestamp)
    {
        long micros = (Stopwatch.GetTimestamp() - startTimestamp) * 1_000_000 / Stopwatch.Frequency;
        _counts[Math.Min(micros, Buckets - 1)]++;
        Count++;
    }

    public void Add(LatencyHistogram other)
    {
        for (int i = 0; i < Buckets; i++)
        {
            _counts[i] += other._counts[i];
        }
        Count += other.Count;
    }

    public double PercentileMs(double percentile)
    {
        long target = (long)Math.Ceiling(Count * percentile / 100.0);
        long seen = 0;
        for (int i = 0; i < Buckets; i++)
        {
            seen += _counts[i];
            if (seen >= target)
            {
                return i / 1000.0;
            }
        }
        return Buckets / 1000.0;
    }
}
