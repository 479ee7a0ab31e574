using System.Diagnostics;
using System.Globalization;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace RevOps.Pipeline.Bench;

/// <summary>
/// RabbitMQ queue depths. The broker runs without the management plugin (RevOps.Hosting writes an empty enabled_plugins), so
/// the queues are listed with <c>rabbitmqctl list_queues</c>, run as the broker's user with the broker's own environment
/// (RABBITMQ_NODENAME, ERL_EPMD_PORT, HOME with its Erlang cookie), read from /proc/&lt;pid&gt;/environ of the server process;
/// depths are then sampled cheaply with passive queue declares over AMQP (message count = ready messages).
/// </summary>
internal sealed class RabbitQueues : IAsyncDisposable
{
    private const string Rabbitmqctl = "/usr/lib/rabbitmq/bin/rabbitmqctl";
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly IConnection _connection;
    private IChannel _channel;
    private readonly SortedSet<string> _names = new(StringComparer.Ordinal);
    // Exclusive queues (each process's contract-activated queue) belong to their connection: a passive declare from another
    // connection fails with resource_locked and makes the broker log an error, so they are never sampled.
    private readonly HashSet<string> _unsampled = new(StringComparer.Ordinal);

    private RabbitQueues(IReadOnlyDictionary<string, string> environment, IConnection connection, IChannel channel)
    {
        _environment = environment;
        _connection = connection;
        _channel = channel;
    }

    public IReadOnlyCollection<string> Names => _names;

    public static async Task<RabbitQueues> ConnectAsync(int serverPid, Uri amqp, CancellationToken ct)
    {
        var environment = File.ReadAllText($"/proc/{serverPid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Split('=', 2)).Where(kv => kv.Length == 2
                && (kv[0].StartsWith("RABBITMQ_", StringComparison.Ordinal) || kv[0].StartsWith("ERL_", StringComparison.Ordinal) || kv[0] == "HOME"))
            .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
        if (!environment.ContainsKey("RABBITMQ_NODENAME"))
            throw new InvalidOperationException($"Process {serverPid} has no RABBITMQ_NODENAME in its environment; is it the broker?");
        var factory = new ConnectionFactory { Uri = amqp, ClientProvidedName = "pipeline-bench-queue-depths" };
        var connection = await factory.CreateConnectionAsync(ct);
        var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        var queues = new RabbitQueues(environment, connection, channel);
        await queues.RefreshNamesAsync(ct);
        return queues;
    }

    /// <summary>
    /// Every queue's messages (ready + unacknowledged) from rabbitmqctl (a second or two of Erlang start-up), remembering the
    /// names of the non-exclusive ones for sampling.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> ListAsync(CancellationToken ct)
    {
        var psi = new ProcessStartInfo(IsRoot() ? "/usr/bin/setpriv" : Rabbitmqctl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _environment.GetValueOrDefault("HOME") ?? "/",
        };
        if (psi.FileName == "/usr/bin/setpriv")
        {
            foreach (var arg in (string[])["--reuid=rabbitmq", "--regid=rabbitmq", "--init-groups", "--", Rabbitmqctl])
                psi.ArgumentList.Add(arg);
        }
        foreach (var arg in (string[])["--quiet", "list_queues", "--no-table-headers", "name", "messages", "exclusive"])
            psi.ArgumentList.Add(arg);
        foreach (var (key, value) in _environment)
            psi.Environment[key] = value;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start rabbitmqctl.");
        var stderr = process.StandardError.ReadToEndAsync(ct);
        var stdout = await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"rabbitmqctl list_queues failed ({process.ExitCode}): {await stderr}");
        var depths = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('\t');
            if (parts.Length >= 3 && long.TryParse(parts[^2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var messages))
            {
                var name = string.Join('\t', parts[..^2]);
                depths[name] = messages;
                if (bool.TryParse(parts[^1], out var exclusive) && exclusive)
                    _unsampled.Add(name);
                else if (!_unsampled.Contains(name))
                    _names.Add(name);
            }
        }
        return depths;
    }

    public async Task RefreshNamesAsync(CancellationToken ct) => await ListAsync(ct);

    /// <summary>
    /// Ready messages (not those delivered to a consumer and not yet acknowledged: a consumer's prefetch hides up to its
    /// prefetch count) in every known non-exclusive queue now.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> SampleAsync(CancellationToken ct)
    {
        var depths = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var name in _names.ToArray())
        {
            try
            {
                if (_channel.IsClosed)
                    _channel = await _connection.CreateChannelAsync(cancellationToken: ct);
                var ok = await _channel.QueueDeclarePassiveAsync(name, ct);
                depths[name] = ok.MessageCount;
            }
            catch (OperationInterruptedException)
            {
                // Gone (auto-delete) or not ours to declare: not sampled again.
                _names.Remove(name);
                _unsampled.Add(name);
            }
        }
        return depths;
    }

    /// <summary>The pipeline's own backlog: every queue but error/skipped queues and the bench's.</summary>
    public static bool IsPipelineQueue(string name) =>
        !name.EndsWith("_error", StringComparison.Ordinal) && !name.EndsWith("_skipped", StringComparison.Ordinal)
        && !name.StartsWith(Pipeline.BenchQueuePrefix, StringComparison.Ordinal);

    public static bool IsDeadLetterQueue(string name) =>
        name.EndsWith("_error", StringComparison.Ordinal) || name.EndsWith("_skipped", StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _channel.CloseAsync();
            await _connection.CloseAsync();
        }
        catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            // The broker went first.
        }
        _channel.Dispose();
        _connection.Dispose();
    }

    private static bool IsRoot()
    {
        try
        {
            return File.ReadLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal))
                .Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0";
        }
        catch (IOException)
        {
            return false;
        }
    }
}
