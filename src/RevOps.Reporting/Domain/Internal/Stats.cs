namespace RevOps.Reporting.Domain.Internal;

/// <summary>The rounding and percentile rules every report shares, so the page, gRPC and tests agree to the digit.</summary>
internal static class Stats
{
    /// <summary>Rates are rounded half away from zero to 4 decimals (0.01 of a percent).</summary>
    public const int RateDecimals = 4;

    public static decimal? Rate(long numerator, long denominator) =>
        denominator == 0 ? null : Math.Round((decimal)numerator / denominator, RateDecimals, MidpointRounding.AwayFromZero);

    public static decimal Round(decimal value, int decimals) => Math.Round(value, decimals, MidpointRounding.AwayFromZero);

    /// <summary>Nearest-rank percentile (the ⌈p·n⌉-th smallest value; PostgreSQL's percentile_disc), or null for no values.</summary>
    public static T? Percentile<T>(IReadOnlyList<T> sorted, decimal p) where T : struct
    {
        if (sorted.Count == 0)
            return null;
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    public static decimal Minutes(TimeSpan span) => (decimal)span.Ticks / TimeSpan.TicksPerMinute;

    /// <summary>FNV-1a over the lead id and a salt: a stable, well-spread order that changes from week to week.</summary>
    public static ulong StableHash(Guid id, int salt)
    {
        Span<byte> bytes = stackalloc byte[20];
        id.TryWriteBytes(bytes[..16]);
        BitConverter.TryWriteBytes(bytes[16..], salt);
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
            hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }
}
