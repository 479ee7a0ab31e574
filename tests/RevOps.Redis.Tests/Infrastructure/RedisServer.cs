using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RevOps.Redis.Tests.Infrastructure;

/// <summary>A real redis-server on a free loopback port with its own temp dir; killed on dispose.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private const string ServerPath = "/usr/bin/redis-server";
    private readonly string[] _extraArgs;
    private Process? _process;

    private RedisServer(int port, string directory, string[] extraArgs)
    {
        Port = port;
        Directory = directory;
        _extraArgs = extraArgs;
    }

    public int Port { get; }

    public string Directory { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync(params string[] extraArgs)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"revops-redis-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var server = new RedisServer(FreePort(), directory, extraArgs);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server process (again) on the same port and waits until it answers.</summary>
    public async Task StartAgainAsync()
    {
        var info = new ProcessStartInfo(ServerPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", "no", "--dir", Directory, .. _extraArgs])
        {
            info.ArgumentList.Add(arg);
        }
        var output = new StringBuilder();
        _process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await AnswersAsync())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                string log;
                lock (output) { log = output.ToString(); }
                throw new InvalidOperationException($"redis-server on port {Port} did not come up: {log}");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>Kills the server abruptly (SIGKILL), as a crash would.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp dir is harmless.
        }
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[64];
            int read = await stream.ReadAsync(buffer);
            // Any reply (PONG, or NOAUTH on a password-protected server) means it is serving.
            return read > 0 && buffer[0] is (byte)'+' or (byte)'-' && !Encoding.ASCII.GetString(buffer, 0, read).Contains("LOADING", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
