using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RevOps.Redis.Bench;

/// <summary>A throwaway redis-server on a free loopback port, killed on dispose.</summary>
internal sealed class RedisServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private RedisServerProcess(Process process, int port, string directory)
    {
        _process = process;
        Port = port;
        _directory = directory;
    }

    public int Port { get; }

    public static async Task<RedisServerProcess> StartAsync()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var directory = Directory.CreateTempSubdirectory("revops-redis-bench-").FullName;
        var info = new ProcessStartInfo("/usr/bin/redis-server") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in (string[])["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory])
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(20);
            }
        }
        return new RedisServerProcess(process, port, directory);
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
