using System.Globalization;
using RevOps.RevenueContract.Internal;

namespace RevOps.RevenueContract;

/// <summary>
/// Lists what changed between two contract versions as paths with old and new values. Entries of id-keyed lists
/// are addressed by id (fit_criteria[company_size]) so reordering is not a change; plain lists compare as a whole.
/// </summary>
public static class ContractDiff
{
    public static IReadOnlyList<ContractDifference> Compare(ContractDocument from, ContractDocument to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var before = Flatten(ContractTree.Build(from));
        var after = Flatten(ContractTree.Build(to));
        var differences = new List<ContractDifference>();
        foreach (var (path, oldValue) in before)
        {
            if (!after.TryGetValue(path, out var newValue))
                differences.Add(new ContractDifference(path, DifferenceKind.Removed, oldValue, null));
            else if (!string.Equals(oldValue, newValue, StringComparison.Ordinal))
                differences.Add(new ContractDifference(path, DifferenceKind.Changed, oldValue, newValue));
        }
        foreach (var (path, newValue) in after)
        {
            if (!before.ContainsKey(path))
                differences.Add(new ContractDifference(path, DifferenceKind.Added, null, newValue));
        }
        return differences;
    }

    private static Dictionary<string, string> Flatten(Dictionary<string, object> tree)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        Walk(tree, "", values);
        return values;
    }

    private static void Walk(object node, string path, Dictionary<string, string> values)
    {
        switch (node)
        {
            case Dictionary<string, object> map:
                foreach (var (key, value) in map)
                    Walk(value, path.Length == 0 ? key : $"{path}.{key}", values);
                break;
            case List<object> list when list.Count > 0 && list.All(i => i is Dictionary<string, object> m && m.ContainsKey("id")):
                foreach (Dictionary<string, object> item in list)
                    Walk(item, $"{path}[{item["id"]}]", values);
                break;
            case List<object> list:
                values[path] = $"[{string.Join(", ", list.Select(Scalar))}]";
                break;
            default:
                values[path] = Scalar(node);
                break;
        }
    }

    private static string Scalar(object value) => value switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
