using System.Diagnostics;
using System.Net.Sockets;

namespace RevOps.Routing.Tests.Infrastructure;

/// <summary>A real redis-server on a free loopback port, without persistence, killed on dispose.</summary>
public sealed class RedisServer : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("routing-redis-").FullName;
    private Process? _process;

    public int Port { get; } = FreePort.Next();

    public ValueTask InitializeAsync() => StartAsync();

    /// <summary>Kills the server and starts a fresh one on the same port: every key is gone, as after a crash without persistence.</summary>
    public async Task RestartAsync()
    {
        Stop();
        await StartAsync();
    }

    private async ValueTask StartAsync()
    {
        _process = Process.Start(new ProcessStartInfo("/usr/bin/redis-server")
        {
            ArgumentList = { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _directory },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                await using var connection = await ConnectAsync();
                if (await connection.CommandAsync("PING") is "PONG")
                    return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    internal Task<RespConnection> ConnectAsync() => RespConnection.ConnectAsync(Port, TestContext.Current.CancellationToken);

    private void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process?.Dispose();
        _process = null;
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
