using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace RevOps.Hosting.Internal;

/// <summary>Protocol-level readiness: a query, a PING, an AMQP handshake. Each returns false rather than throwing.</summary>
internal static class ReadinessProbes
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    public static async Task<bool> PostgresAsync(string connectionString, CancellationToken ct)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            return (int?)await command.ExecuteScalarAsync(ct) == 1;
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or IOException or TimeoutException or InvalidOperationException)
        {
            return false;
        }
    }

    public static async Task<bool> RedisAsync(int port, string password, CancellationToken ct)
    {
        var request = Resp("AUTH", password) + Resp("PING");
        var reply = await ExchangeAsync(port, Encoding.ASCII.GetBytes(request), "+PONG\r\n", ct);
        return reply is not null && reply.StartsWith("+OK\r\n+PONG\r\n", StringComparison.Ordinal);
    }

    /// <summary>Sends the AMQP 0-9-1 protocol header and expects a Connection.Start method frame back.</summary>
    public static async Task<bool> AmqpAsync(int port, CancellationToken ct)
    {
        byte[] header = [(byte)'A', (byte)'M', (byte)'Q', (byte)'P', 0, 0, 9, 1];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(header, timeout.Token);
            var frame = new byte[11];
            await stream.ReadExactlyAsync(frame, timeout.Token);
            // Frame type 1 (method) on channel 0, then class 10 (connection) method 10 (start).
            return frame[0] == 1 && frame[1] == 0 && frame[2] == 0 && frame[7] == 0 && frame[8] == 10 && frame[9] == 0 && frame[10] == 10;
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    public static async Task<bool> HttpOkAsync(HttpClient client, Uri uri, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            using var response = await client.GetAsync(uri, timeout.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private static string Resp(params string[] parts)
    {
        var sb = new StringBuilder().Append('*').Append(parts.Length).Append("\r\n");
        foreach (var part in parts)
        {
            sb.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }
        return sb.ToString();
    }

    private static async Task<string?> ExchangeAsync(int port, byte[] request, string terminator, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(request, timeout.Token);
            var buffer = new byte[512];
            var text = new StringBuilder();
            while (text.Length < 4096)
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }
                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
                var soFar = text.ToString();
                if (soFar.EndsWith(terminator, StringComparison.Ordinal) || soFar.StartsWith('-'))
                {
                    return soFar;
                }
            }
            return text.ToString();
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }
}
