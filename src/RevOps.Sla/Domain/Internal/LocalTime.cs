namespace RevOps.Sla.Domain.Internal;

/// <summary>Local wall-clock time to UTC, deciding the daylight-saving gap and overlap explicitly.</summary>
internal static class LocalTime
{
    public enum Ambiguity
    {
        /// <summary>The first occurrence of a repeated local time (an opening).</summary>
        Earliest,

        /// <summary>The second occurrence of a repeated local time (a closing).</summary>
        Latest,
    }

    /// <summary>
    /// The instant the zone shows <paramref name="local"/>. A time skipped by spring-forward maps to the instant the gap
    /// ends (nothing local happens inside it); a time repeated by fall-back maps per <paramref name="ambiguity"/>.
    /// </summary>
    public static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone, Ambiguity ambiguity)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
            return ToUtc(EndOfGap(local, zone), zone, ambiguity);

        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            // A larger offset means an earlier instant for the same wall-clock time.
            var offset = ambiguity == Ambiguity.Earliest ? offsets.Max() : offsets.Min();
            return new DateTimeOffset(local - offset, TimeSpan.Zero);
        }

        return new DateTimeOffset(local - zone.GetUtcOffset(local), TimeSpan.Zero);
    }

    // Transitions fall on whole minutes in every real zone, so walk minute by minute to the first valid local time.
    private static DateTime EndOfGap(DateTime local, TimeZoneInfo zone)
    {
        var candidate = new DateTime(local.Ticks - local.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Unspecified);
        for (var i = 0; i <= 24 * 60; i++, candidate = candidate.AddMinutes(1))
        {
            if (!zone.IsInvalidTime(candidate))
                return candidate;
        }
        throw new InvalidOperationException($"Local time {local:O} in {zone.Id} sits in a gap longer than a day.");
    }
}
