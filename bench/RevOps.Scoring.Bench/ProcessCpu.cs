using System.Globalization;

namespace RevOps.Scoring.Bench;

/// <summary>CPU time (user + system) of a process and all its descendants, from /proc; Linux only.</summary>
internal static class ProcessCpu
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static TimeSpan OfTree(int rootPid)
    {
        var stats = ReadAll();
        var children = stats.GroupBy(s => s.ParentPid).ToDictionary(g => g.Key, g => g.Select(s => s.Pid).ToList());
        var byPid = stats.ToDictionary(s => s.Pid);
        var total = 0L;
        var pending = new Stack<int>([rootPid]);
        while (pending.Count > 0)
        {
            var pid = pending.Pop();
            if (byPid.TryGetValue(pid, out var stat))
                total += stat.Ticks;
            foreach (var child in children.GetValueOrDefault(pid) ?? [])
                pending.Push(child);
        }
        return TimeSpan.FromSeconds(total / TicksPerSecond);
    }

    private static List<(int Pid, int ParentPid, long Ticks)> ReadAll()
    {
        var stats = new List<(int, int, long)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
                continue;
            try
            {
                var text = File.ReadAllText(Path.Combine(directory, "stat"));
                // Fields after the parenthesised command name: state ppid ... utime(14) stime(15), counted from 1.
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                stats.Add((pid, int.Parse(fields[1], CultureInfo.InvariantCulture),
                    long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)));
            }
            catch (IOException)
            {
                // The process exited while we looked.
            }
        }
        return stats;
    }
}
