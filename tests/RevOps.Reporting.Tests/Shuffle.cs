namespace RevOps.Reporting.Tests;

internal static class Shuffle
{
    /// <summary>A seeded permutation of <paramref name="items"/> with some of them repeated (redelivery).</summary>
    public static List<T> WithDuplicates<T>(IReadOnlyList<T> items, int seed)
    {
        var random = new Random(seed);
        var result = new List<T>(items);
        foreach (var item in items)
            if (random.Next(3) == 0)
                result.Add(item);
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(result));
        return result;
    }
}
