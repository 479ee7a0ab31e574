namespace RevOps.Routing.Domain;

/// <summary>
/// Smooth weighted round-robin with persistent credits: each pick, every eligible rep earns their weight in credit, the rep
/// with the most credit is chosen and pays back the eligible total. Credits of reps absent from a pick stay untouched, so
/// adding or removing a rep never resets anyone's standing; a newcomer starts at the team's average credit, neither owed a
/// burst of leads nor starved. This is the reference for Redis/choose.lua, which applies the same arithmetic atomically.
/// </summary>
public sealed class FairRotation
{
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
        var updated = new long[eligible.Count];
        long total = 0;
        var best = -1;
        for (var i = 0; i < eligible.Count; i++)
        {
            var (repId, weight) = eligible[i];
            if (weight < 1)
                throw new ArgumentException($"Rep '{repId}' has weight {weight}; weights must be positive.", nameof(eligible));
            updated[i] = credits.GetValueOrDefault(repId, average) + weight;
            total += weight;
            if (best < 0 || updated[i] > updated[best] || (updated[i] == updated[best] && weight > eligible[best].Weight))
                best = i;
        }

        if (commit)
        {
            updated[best] -= total;
            for (var i = 0; i < eligible.Count; i++)
                credits[eligible[i].RepId] = updated[i];
        }
        return eligible[best].RepId;
    }
}
