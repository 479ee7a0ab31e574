using System.Diagnostics;
using System.Text;

namespace RevOps.Grpc.Tests.Infrastructure;

/// <summary>A python3-grpcio or @grpc/grpc-js peer run as a child process; killed (with its children) on dispose.</summary>
public sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder errors = new();
    private readonly TaskCompletionSource exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PeerProcess(Process process) => this.process = process;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public string Errors
    {
        get
        {
            lock (errors)
            {
                return errors.ToString();
            }
        }
    }

    public int ExitCode => process.ExitCode;

    public static PeerProcess Start(string fileName, string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var peer = new PeerProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (peer.output)
                {
                    peer.output.AppendLine(e.Data);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (peer.errors)
                {
                    peer.errors.AppendLine(e.Data);
                }
            }
        };
        process.Exited += (_, _) => peer.exited.TrySetResult();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>Waits until the output holds a line, failing with the peer's output at the deadline or on exit.</summary>
    public async Task WaitForOutputAsync(string line, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(line, StringComparison.Ordinal))
        {
            if (exited.Task.IsCompleted || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Peer did not print '{line}'.\nstdout:\n{Output}\nstderr:\n{Errors}");
            }
            await Task.WhenAny(exited.Task, Task.Delay(50));
        }
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        if (await Task.WhenAny(exited.Task, Task.Delay(timeout)) != exited.Task)
        {
            throw new TimeoutException($"Peer did not exit within {timeout}.\nstdout:\n{Output}\nstderr:\n{Errors}");
        }
        process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
