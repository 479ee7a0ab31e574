using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using RevOps.Routing.Domain;

namespace RevOps.Routing.Tests.Infrastructure;

/// <summary>A minimal RESP2 connection for tests: one command at a time, replies as null, long, string or object?[].</summary>
internal sealed class RespConnection : IRedisScripting, IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly BufferedStream _reader;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private RespConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _reader = new BufferedStream(_stream, 64 * 1024);
    }

    public static async Task<RespConnection> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", port, cancellationToken);
        return new RespConnection(client);
    }

    public async Task<object?> CommandAsync(IReadOnlyList<string> parts, CancellationToken cancellationToken)
    {
        var request = new StringBuilder().Append(CultureInfo.InvariantCulture, $"*{parts.Count}\r\n");
        foreach (var part in parts)
            request.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(part)}\r\n{part}\r\n");
        var bytes = Encoding.UTF8.GetBytes(request.ToString());

        await _gate.WaitAsync(cancellationToken);
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken);
            return await ReadReplyAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task<object?> CommandAsync(params string[] parts) => CommandAsync(parts, CancellationToken.None);

    /// <summary>EVALSHA, falling back to EVAL when the server does not know the script yet (first call, or after a restart).</summary>
    public async Task<object?> EvaluateAsync(string script, IReadOnlyList<string> keys, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var sha = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(script)));
        var count = keys.Count.ToString(CultureInfo.InvariantCulture);
        try
        {
            return await CommandAsync(["EVALSHA", sha, count, .. keys, .. args], cancellationToken);
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Redis error: NOSCRIPT", StringComparison.Ordinal))
        {
            return await CommandAsync(["EVAL", script, count, .. keys, .. args], cancellationToken);
        }
    }

    private async Task<object?> ReadReplyAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        var body = line[1..];
        switch (line[0])
        {
            case '+':
                return body;
            case '-':
                throw new InvalidOperationException($"Redis error: {body}");
            case ':':
                return long.Parse(body, CultureInfo.InvariantCulture);
            case '$':
                var length = int.Parse(body, CultureInfo.InvariantCulture);
                if (length < 0)
                    return null;
                var buffer = new byte[length + 2];
                await _reader.ReadExactlyAsync(buffer, cancellationToken);
                return Encoding.UTF8.GetString(buffer, 0, length);
            case '*':
                var count = int.Parse(body, CultureInfo.InvariantCulture);
                if (count < 0)
                    return null;
                var items = new object?[count];
                for (var i = 0; i < count; i++)
                    items[i] = await ReadReplyAsync(cancellationToken);
                return items;
            default:
                throw new InvalidOperationException($"Unexpected RESP line '{line}'.");
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            await _reader.ReadExactlyAsync(one, cancellationToken);
            if (one[0] == '\r')
            {
                await _reader.ReadExactlyAsync(one, cancellationToken);
                return line.ToString();
            }
            line.Append((char)one[0]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.DisposeAsync();
        _client.Dispose();
        _gate.Dispose();
    }
}
