using System.Diagnostics;

namespace RevOps.Hosting.Internal;

/// <summary>What to launch: the program, its arguments, environment and the user it runs as.</summary>
internal sealed record ChildProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    public string? WorkingDirectory { get; init; }
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();
    /// <summary>Drop to this user when we run as root (postgres, rabbitmq).</summary>
    public string? RunAsUser { get; init; }
}

/// <summary>
/// A child started in its own session and process group (setsid), so stopping it kills the whole
/// group and a Ctrl+C in the terminal reaches only the AppHost, which then stops children in order.
/// </summary>
internal sealed class ChildProcess
{
    private readonly Process _process;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process)
    {
        _process = process;
    }

    public int Pid { get; private set; }

    public Task Exited => _exited.Task;

    public int? ExitCode => _exited.Task.IsCompleted ? _process.ExitCode : null;

    public static ChildProcess Start(ChildProcessSpec spec, LogTail log, ProcessGroupRegistry registry)
    {
        var psi = new ProcessStartInfo("/usr/bin/setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        if (spec.RunAsUser is { } user && NativeMethods.IsRoot)
        {
            // setpriv execs in place (unlike runuser, which forks), so the pid we hold is the server's.
            foreach (var arg in (string[])["/usr/bin/setpriv", $"--reuid={user}", $"--regid={user}", "--init-groups", "--"])
            {
                psi.ArgumentList.Add(arg);
            }
        }
        psi.ArgumentList.Add(spec.FileName);
        foreach (var arg in spec.Arguments)
        {
            psi.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in spec.Environment)
        {
            if (value is null)
            {
                psi.Environment.Remove(key);
            }
            else
            {
                psi.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Add(e.Data); };
        process.Exited += (_, _) =>
        {
            registry.Remove(child.Pid);
            child._exited.TrySetResult();
        };
        if (!process.Start())
        {
            throw new DistributedApplicationException($"Could not start {spec.FileName}.");
        }
        child.Pid = process.Id;
        registry.Add(child.Pid);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Nobody types into a server: a closed stdin also stops tools that would prompt.
        process.StandardInput.Close();
        if (process.HasExited)
        {
            registry.Remove(child.Pid);
            child._exited.TrySetResult();
        }
        return child;
    }

    /// <summary>Kills the group at once (a crash, as a test would cause it).</summary>
    public void Kill()
    {
        var descendants = ProcessTree.Descendants(Pid);
        NativeMethods.SignalGroup(Pid, NativeMethods.SigKill);
        foreach (var pid in descendants)
        {
            NativeMethods.SignalProcess(pid, NativeMethods.SigKill);
        }
    }

    /// <summary>Asks the group to stop with <paramref name="signal"/>, then kills whatever is left after <paramref name="grace"/>.</summary>
    public async Task StopAsync(int signal, TimeSpan grace)
    {
        if (Exited.IsCompleted && !NativeMethods.SignalGroup(Pid, 0))
        {
            return;
        }
        var descendants = ProcessTree.Descendants(Pid);
        NativeMethods.SignalGroup(Pid, signal);
        await Task.WhenAny(Exited, Task.Delay(grace));
        NativeMethods.SignalGroup(Pid, NativeMethods.SigKill);
        // Helpers that started their own group (erl_child_setup, inet_gethost) must not outlive the server.
        foreach (var pid in descendants)
        {
            NativeMethods.SignalProcess(pid, NativeMethods.SigKill);
        }
        await Exited.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
