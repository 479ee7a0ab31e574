namespace RevOps.Hosting.Internal;

/// <summary>The last lines a resource printed, kept for the dashboard, and the whole log in a file.</summary>
internal sealed class LogTail(string? filePath, int capacity = 400)
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();
    private StreamWriter? _file;

    public void Add(string line)
    {
        lock (_gate)
        {
            _lines.Enqueue(line);
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
            if (filePath is null)
            {
                return;
            }
            try
            {
                _file ??= new StreamWriter(new FileStream(filePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
                _file.WriteLine(line);
            }
            catch (IOException)
            {
                // The log file is a convenience; the in-memory tail still serves the dashboard.
            }
        }
    }

    public IReadOnlyList<string> Snapshot(int max = 200)
    {
        lock (_gate)
        {
            return _lines.Skip(Math.Max(0, _lines.Count - max)).ToArray();
        }
    }

    public bool Contains(string text)
    {
        lock (_gate)
        {
            return _lines.Any(l => l.Contains(text, StringComparison.Ordinal));
        }
    }
}
