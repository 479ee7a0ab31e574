namespace RevOps.Hosting.Internal;

/// <summary>Reads the process tree from /proc, so helpers that left our process group can still be found.</summary>
internal static class ProcessTree
{
    public static IReadOnlyList<int> Descendants(int rootPid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in SafeEnumerate())
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || ReadParent(pid) is not { } parent)
            {
                continue;
            }
            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
            }
            list.Add(pid);
        }
        var result = new List<int>();
        var queue = new Queue<int>([rootPid]);
        while (queue.TryDequeue(out var current))
        {
            if (!children.TryGetValue(current, out var kids))
            {
                continue;
            }
            foreach (var kid in kids)
            {
                result.Add(kid);
                queue.Enqueue(kid);
            }
        }
        return result;
    }

    /// <summary>True when the process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        var stat = ReadStat(pid);
        return stat is not null && StateOf(stat) is not ('Z' or 'X');
    }

    private static IEnumerable<string> SafeEnumerate()
    {
        try
        {
            return Directory.GetDirectories("/proc");
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static int? ReadParent(int pid)
    {
        var stat = ReadStat(pid);
        if (stat is null)
        {
            return null;
        }
        // Fields after the command name (which may hold spaces): state ppid ...
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 1 && int.TryParse(fields[1], out var parent) ? parent : null;
    }

    private static char StateOf(string stat) => stat[stat.LastIndexOf(')') + 2];

    private static string? ReadStat(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
