namespace RevOps.Routing.Domain;

/// <summary>
/// Weighted round-robin by deficit: each pick, every eligible rep earns their weighted share of one lead (weight / eligible
/// total, in units of <see cref="Scale"/>), the rep furthest behind (most credit) is chosen and pays back what the pick handed
/// out. A rep's credit is thus exactly how far their count trails their fair share of the picks they were eligible for.
/// Reps absent from a pick are untouched, so adding or removing a rep never resets anyone's standing; a newcomer starts at the
/// team's average credit, neither owed a burst of leads nor starved. Redis/choose.lua applies the same integer arithmetic.
/// </summary>
public sealed class FairRotation
{
    /// <summary>Credit units per lead: integers keep Lua and C# arithmetic identical.</summary>
    public const long Scale = 1_000_000;

    private readonly Dictionary<string, long> _credits;

    public FairRotation(IReadOnlyDictionary<string, long>? standing = null) =>
        _credits = new Dictionary<string, long>(standing ?? new Dictionary<string, long>(), StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> Credits => _credits;

    /// <summary>Drops a rep who left the team; everyone else keeps their standing.</summary>
    public void Remove(string repId) => _credits.Remove(repId);

    /// <summary>Chooses among <paramref name="eligible"/> (order breaks exact ties) and updates the credits; null when nobody is eligible.</summary>
    public string? Choose(IReadOnlyList<(string RepId, int Weight)> eligible) => Pick(_credits, eligible, commit: true);

    /// <summary>Who <see cref="Choose"/> would pick, without changing any credit.</summary>
    public string? Peek(IReadOnlyList<(string RepId, int Weight)> eligible) => Pick(_credits, eligible, commit: false);

    private static string? Pick(Dictionary<string, long> credits, IReadOnlyList<(string RepId, int Weight)> eligible, bool commit)
    {
        ArgumentNullException.ThrowIfNull(eligible);
        if (eligible.Count == 0)
            return null;

        var average = credits.Count == 0 ? 0 : (long)Math.Floor((double)credits.Values.Sum() / credits.Count);
        long totalWeight = 0;
        foreach (var (repId, weight) in eligible)
            totalWeight += weight >= 1 ? weight : throw new ArgumentException($"Rep '{repId}' has weight {weight}; weights must be positive.", nameof(eligible));

        var updated = new long[eligible.Count];
        long handedOut = 0;
        var best = -1;
        for (var i = 0; i < eligible.Count; i++)
        {
            var (repId, weight) = eligible[i];
            var earned = weight * Scale / totalWeight;
            updated[i] = credits.GetValueOrDefault(repId, average) + earned;
            handedOut += earned;
            if (best < 0 || updated[i] > updated[best] || (updated[i] == updated[best] && weight > eligible[best].Weight))
                best = i;
        }

        if (commit)
        {
            updated[best] -= handedOut;
            for (var i = 0; i < eligible.Count; i++)
                credits[eligible[i].RepId] = updated[i];
        }
        return eligible[best].RepId;
    }
}
