using System.Globalization;

namespace RevOps.Pipeline.Bench;

/// <summary>
/// Memory of a process and all its descendants, from /proc; Linux only. Each process counts its proportional set size
/// (smaps_rollup's Pss: its private pages plus its share of pages it shares), so summing PostgreSQL's backends does not count
/// shared_buffers once per backend; where smaps_rollup can't be read it falls back to VmRSS.
/// </summary>
internal static class ProcessMemory
{
    public static long OfTreeBytes(int rootPid)
    {
        var total = 0L;
        foreach (var pid in Tree(rootPid))
            total += Pss(pid) ?? Rss(pid) ?? 0;
        return total;
    }

    /// <summary>One process alone (not its children).</summary>
    public static long OfProcessBytes(int pid) => Pss(pid) ?? Rss(pid) ?? 0;

    /// <summary>The root and every descendant alive now.</summary>
    public static IReadOnlyList<int> Tree(int rootPid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
                continue;
            try
            {
                var text = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (!children.TryGetValue(parent, out var list))
                    children[parent] = list = [];
                list.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone while we looked.
            }
        }
        var tree = new List<int>();
        var pending = new Stack<int>([rootPid]);
        while (pending.Count > 0)
        {
            var pid = pending.Pop();
            tree.Add(pid);
            foreach (var child in children.GetValueOrDefault(pid) ?? [])
                pending.Push(child);
        }
        return tree;
    }

    private static long? Pss(int pid) => Field($"/proc/{pid}/smaps_rollup", "Pss:");

    /// <summary>Resident set size of one process (VmRSS); null once it is gone.</summary>
    public static long? Rss(int pid) => Field($"/proc/{pid}/status", "VmRSS:");

    /// <summary>The most the process has ever had resident (VmHWM); null once it is gone.</summary>
    public static long? HighWaterMark(int pid) => Field($"/proc/{pid}/status", "VmHWM:");

    private static long? Field(string path, string name)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                if (!line.StartsWith(name, StringComparison.Ordinal))
                    continue;
                var kb = line[name.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone, or not ours to read.
        }
        return null;
    }
}
