using System.Diagnostics;

namespace RevOps.Hosting.Internal;

/// <summary>
/// The process groups one application started, written to a file that a watchdog reads: if the
/// AppHost (or a test process) dies without disposing, the watchdog kills every listed group.
/// </summary>
internal sealed class ProcessGroupRegistry : IDisposable
{
    private const string WatchdogScript = """
        parent=$1; file=$2
        alive() { [ -r /proc/$parent/stat ] && ! cut -d')' -f2 /proc/$parent/stat | grep -q '^ [ZX]'; }
        while alive; do sleep 1; done
        if [ -f "$file" ]; then while read -r g; do kill -s KILL -- "-$g" 2>/dev/null; done < "$file"; rm -f "$file"; fi
        """;

    private readonly HashSet<int> _groups = [];
    private readonly Lock _gate = new();
    private readonly string _file;
    private readonly int _watchedPid;
    private Process? _watchdog;

    /// <param name="watchedPid">The process whose death triggers the clean-up; this process unless a test says otherwise.</param>
    public ProcessGroupRegistry(string directory, int? watchedPid = null)
    {
        _watchedPid = watchedPid ?? Environment.ProcessId;
        _file = Path.Combine(directory, "process-groups");
        File.WriteAllText(_file, "");
    }

    public void StartWatchdog()
    {
        var psi = new ProcessStartInfo("/usr/bin/setsid") { UseShellExecute = false, RedirectStandardInput = true };
        foreach (var arg in (string[])["/bin/bash", "-c", WatchdogScript, "revops-watchdog", _watchedPid.ToString(System.Globalization.CultureInfo.InvariantCulture), _file])
        {
            psi.ArgumentList.Add(arg);
        }
        _watchdog = Process.Start(psi);
        _watchdog?.StandardInput.Close();
    }

    public IReadOnlyCollection<int> Groups
    {
        get
        {
            lock (_gate)
            {
                return _groups.ToArray();
            }
        }
    }

    public void Add(int group)
    {
        lock (_gate)
        {
            _groups.Add(group);
            Save();
        }
    }

    public void Remove(int group)
    {
        lock (_gate)
        {
            if (_groups.Remove(group))
            {
                Save();
            }
        }
    }

    public void Dispose()
    {
        if (_watchdog is { } watchdog)
        {
            NativeMethods.SignalGroup(watchdog.Id, NativeMethods.SigKill);
            watchdog.WaitForExit(2000);
            watchdog.Dispose();
        }
    }

    private void Save()
    {
        try
        {
            File.WriteAllLines(_file, _groups.Select(g => g.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        catch (IOException)
        {
            // The watchdog is a safety net; a missed write only matters if the AppHost also crashes.
        }
    }
}
