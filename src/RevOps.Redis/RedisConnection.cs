using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RevOps.Redis.Internal;

namespace RevOps.Redis;

/// <summary>
/// One multiplexed connection shared by all callers (shaped like StackExchange.Redis's ConnectionMultiplexer).
/// Commands are pipelined in batches and replies matched in order; on loss, commands in flight fail at once,
/// new commands wait for the reconnect up to their timeout, and the client reconnects with backoff forever.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan FirstReconnectDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan TimeoutSweepInterval = TimeSpan.FromMilliseconds(20);

    private readonly ILogger _logger;
    private readonly Lock _writeLock = new();
    private readonly Queue<PendingCommand> _backlog = new();
    private readonly ConcurrentDictionary<string, LuaScript> _scripts = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _disposing = new();
    private readonly Timer _timeoutTimer;
    private PhysicalConnection? _current;
    private Exception? _lastError;
    private int _reconnecting;
    private bool _isDisposed;

    private RedisConnection(ConfigurationOptions options, ILogger logger)
    {
        Options = options;
        _logger = logger;
        Database = new RedisDatabase(this);
        _timeoutTimer = new Timer(static state => ((RedisConnection)state!).SweepTimeouts(), this, TimeoutSweepInterval, TimeoutSweepInterval);
    }

    public ConfigurationOptions Options { get; }

    /// <summary>True while a handshaken socket is serving commands.</summary>
    public bool IsConnected => Volatile.Read(ref _current) is not null;

    /// <summary>The protocol of the current socket; null while disconnected.</summary>
    public RedisProtocol? Protocol => Volatile.Read(ref _current)?.Protocol;

    /// <summary>The last connect or connection-loss error; null while connected.</summary>
    public Exception? LastError => IsConnected ? null : _lastError;

    internal RedisDatabase Database { get; }

    internal bool IsDisposed => Volatile.Read(ref _isDisposed);

    /// <summary>Out-of-band RESP3 push frames (for example client-tracking invalidations); runs on the receive loop, so keep it quick.</summary>
    public event EventHandler<RedisResult>? PushReceived;

    /// <summary>Raised after a lost connection is back (the server may have restarted empty).</summary>
    public event EventHandler? Reconnected;

    public static Task<RedisConnection> ConnectAsync(string configuration, ILogger? logger = null) =>
        ConnectAsync(ConfigurationOptions.Parse(configuration), logger);

    public static async Task<RedisConnection> ConnectAsync(ConfigurationOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connection = new RedisConnection(options, logger ?? NullLogger.Instance);
        try
        {
            await connection.ConnectOnceAsync();
        }
        catch (RedisConnectionException ex) when (!options.AbortOnConnectFail)
        {
            connection._lastError = ex;
            Log.ReconnectFailed(connection._logger, options.ToString(), 1, 0, ex.Message);
            connection.StartReconnect();
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return connection;
    }

    /// <summary>
    /// Returns at once and connects in the background, retrying like a lost connection; commands wait in the backlog until the
    /// socket is up. For DI factories, which must not block: a singleton built under the container's lock while its connect
    /// waits for a pool thread starves every other resolver (a restarted routing once took 20 s to listen that way).
    /// </summary>
    public static RedisConnection ConnectInBackground(ConfigurationOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.AbortOnConnectFail)
        {
            throw new ArgumentException("A background connect cannot abort on a failed connect: set abortConnect=false.", nameof(options));
        }
        var connection = new RedisConnection(options, logger ?? NullLogger.Instance);
        connection.StartReconnect();
        return connection;
    }

    /// <summary>The database selected by <c>defaultDatabase</c>; cheap, the same instance every call.</summary>
    public RedisDatabase GetDatabase() => Database;

    /// <summary>Loads a script (SCRIPT LOAD) and keeps it in the health check's list of scripts that must load.</summary>
    public async Task<LoadedScript> LoadScriptAsync(LuaScript script)
    {
        ArgumentNullException.ThrowIfNull(script);
        _scripts.TryAdd(script.Sha1, script);
        var sha = (string?)await Database.ExecuteAsync("SCRIPT", "LOAD", script.Source);
        if (!string.Equals(sha, script.Sha1, StringComparison.OrdinalIgnoreCase))
        {
            throw new RedisException($"SCRIPT LOAD returned {sha}, expected {script.Sha1}.");
        }
        return new LoadedScript(script);
    }

    /// <summary>Connection state, PING latency and every registered script that fails to load.</summary>
    public async Task<RedisHealthReport> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (!IsConnected)
        {
            return new RedisHealthReport(false, null, _lastError?.Message ?? "Not connected.", []);
        }
        TimeSpan latency;
        try
        {
            latency = await Database.PingAsync().AsTask().WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return new RedisHealthReport(IsConnected, null, ex.Message, []);
        }
        var failures = new List<ScriptLoadFailure>();
        foreach (var script in _scripts.Values)
        {
            try
            {
                await Database.ExecuteAsync("SCRIPT", "LOAD", script.Source).AsTask().WaitAsync(cancellationToken);
            }
            catch (RedisServerException ex)
            {
                failures.Add(new ScriptLoadFailure(script.Sha1, script.Source, ex.Message));
            }
        }
        return new RedisHealthReport(true, latency, null, failures);
    }

    internal TimeSpan CommandTimeout => Options.CommandTimeout;

    internal ILogger Logger => _logger;

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(IsDisposed, this);

    /// <summary>Writes the command now, or parks it until the reconnect when disconnected.</summary>
    internal ValueTask<T> SendAsync<T>(PendingCommand<T> command)
    {
        var task = command.Task;
        Exception? failure = null;
        lock (_writeLock)
        {
            if (_isDisposed)
            {
                failure = new ObjectDisposedException(nameof(RedisConnection));
            }
            else if (_current is { } physical)
            {
                physical.WriteLocked(command);
            }
            else if (_lastError is RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure } authFailure)
            {
                failure = authFailure;
            }
            else
            {
                _backlog.Enqueue(command);
            }
        }
        if (failure is not null)
        {
            command.TryFail(failure);
            command.Release();
        }
        return task;
    }

    private async Task ConnectOnceAsync()
    {
        var physical = await PhysicalConnection.ConnectAsync(Options, this, _logger, _disposing.Token);
        try
        {
            await HandshakeAsync(physical);
        }
        catch
        {
            physical.Abort();
            throw;
        }
        lock (_writeLock)
        {
            if (_isDisposed || physical.IsLost)
            {
                physical.Abort();
                throw new RedisConnectionException(ConnectionFailureType.SocketClosed, $"Connection to {Options} closed during the handshake.");
            }
            _current = physical;
            // Parked commands were never written, so sending them now is their first and only send.
            while (_backlog.TryDequeue(out var command))
            {
                if (command.IsDone)
                {
                    command.Release();
                }
                else
                {
                    physical.WriteLocked(command);
                }
            }
        }
        _lastError = null;
        Log.Connected(_logger, Options.ToString(), physical.Protocol);
    }

    private async Task HandshakeAsync(PhysicalConnection physical)
    {
        if (Options.Protocol == RedisProtocol.Resp3)
        {
            var hello = new List<object> { 3 };
            if (Options.Password is not null)
            {
                hello.AddRange(["AUTH", Options.User ?? "default", Options.Password]);
            }
            if (Options.ClientName is not null)
            {
                hello.AddRange(["SETNAME", Options.ClientName]);
            }
            try
            {
                await SendDirectAsync(physical, "HELLO", hello);
                physical.Protocol = RedisProtocol.Resp3;
            }
            catch (RedisServerException ex) when (IsAuthenticationError(ex))
            {
                throw AuthenticationFailure(ex);
            }
            catch (RedisServerException ex)
            {
                Log.Resp3Refused(_logger, Options.ToString(), ex.Message);
            }
        }
        if (physical.Protocol == RedisProtocol.Resp2)
        {
            if (Options.Password is not null)
            {
                try
                {
                    await SendDirectAsync(physical, "AUTH", Options.User is null ? [Options.Password] : [Options.User, Options.Password]);
                }
                catch (RedisServerException ex)
                {
                    throw AuthenticationFailure(ex);
                }
            }
            if (Options.ClientName is not null)
            {
                await SendDirectAsync(physical, "CLIENT", ["SETNAME", Options.ClientName]);
            }
        }
        if (Options.DefaultDatabase != 0)
        {
            try
            {
                await SendDirectAsync(physical, "SELECT", [Options.DefaultDatabase]);
            }
            catch (RedisServerException ex) when (IsAuthenticationError(ex))
            {
                throw AuthenticationFailure(ex);
            }
        }
    }

    private RedisConnectionException AuthenticationFailure(RedisServerException ex) =>
        new(ConnectionFailureType.AuthenticationFailure, $"Redis at {Options} refused the connection's credentials: {ex.Message}", ex);

    private static bool IsAuthenticationError(RedisServerException ex) =>
        ex.ErrorCode is "NOAUTH" or "WRONGPASS" or "DENIED" or "NOPERM"
        || ex.Message.Contains("password", StringComparison.OrdinalIgnoreCase);

    /// <summary>Handshake commands go straight to a socket that is not yet serving callers.</summary>
    private async Task<RedisResult> SendDirectAsync(PhysicalConnection physical, string command, IReadOnlyList<object> args)
    {
        var pending = RedisDatabase.BuildRaw(command, args, Options.ConnectTimeout);
        var task = pending.Task;
        bool written = false;
        lock (_writeLock)
        {
            if (!physical.IsLost)
            {
                physical.WriteLocked(pending);
                written = true;
            }
        }
        if (!written)
        {
            pending.TryFail(new RedisConnectionException(ConnectionFailureType.SocketClosed, $"Connection to {Options} closed during the handshake."));
            pending.Release();
        }
        try
        {
            return await task.AsTask().WaitAsync(Options.ConnectTimeout);
        }
        catch (TimeoutException)
        {
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect,
                $"Redis at {Options} did not answer {command} within {Options.ConnectTimeout.TotalMilliseconds} ms.");
        }
    }

    internal void OnConnectionLost(PhysicalConnection physical, Exception error)
    {
        bool wasCurrent;
        lock (_writeLock)
        {
            physical.IsLost = true;
            wasCurrent = _current == physical;
            if (wasCurrent)
            {
                _current = null;
            }
        }
        if (wasCurrent && !IsDisposed)
        {
            _lastError = new RedisConnectionException(ConnectionFailureType.SocketClosed, $"Connection to {Options} lost: {error.Message}", error);
            Log.ConnectionLost(_logger, Options.ToString(), error.Message);
            StartReconnect();
        }
    }

    internal void OnPush(in ReadOnlySequence<byte> frame)
    {
        var handler = PushReceived;
        if (handler is null)
        {
            return;
        }
        var reader = new SequenceReader<byte>(frame);
        var push = RespParser.ReadResult(ref reader);
        try
        {
            handler(this, push);
        }
        catch (Exception ex)
        {
            // Runs on the receive loop: a throwing subscriber must not take the connection down.
            Log.EventHandlerFailed(_logger, nameof(PushReceived), ex);
        }
    }

    private void StartReconnect()
    {
        if (Interlocked.Exchange(ref _reconnecting, 1) == 0)
        {
            _ = Task.Run(ReconnectLoopAsync);
        }
    }

    private async Task ReconnectLoopAsync()
    {
        try
        {
            for (int attempt = 1; !_disposing.IsCancellationRequested; attempt++)
            {
                try
                {
                    await ConnectOnceAsync();
                    RaiseReconnected();
                    return;
                }
                catch (Exception ex) when (ex is RedisConnectionException or SocketException or IOException)
                {
                    _lastError = ex;
                    var delay = NextDelay(attempt);
                    if (ex is RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure })
                    {
                        // Wrong credentials will not fix themselves quickly: fail waiting callers and retry slowly.
                        Log.AuthenticationFailed(_logger, Options.ToString(), ex.Message);
                        FailBacklog(ex);
                        delay = Options.ReconnectMaxDelay * 5;
                    }
                    else
                    {
                        Log.ReconnectFailed(_logger, Options.ToString(), attempt, (long)delay.TotalMilliseconds, ex.Message);
                    }
                    await Task.Delay(delay, _disposing.Token);
                }
            }
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
        {
            // Disposed while waiting to retry.
        }
        finally
        {
            Volatile.Write(ref _reconnecting, 0);
            bool stillDown;
            lock (_writeLock)
            {
                stillDown = _current is null && !_isDisposed;
            }
            // The new socket may already have died before the flag was cleared.
            if (stillDown)
            {
                StartReconnect();
            }
        }
    }

    private void RaiseReconnected()
    {
        try
        {
            Reconnected?.Invoke(this, EventArgs.Empty);
        }
        catch (Exception ex)
        {
            // A subscriber's bug must not stop the connection from serving.
            Log.EventHandlerFailed(_logger, nameof(Reconnected), ex);
        }
    }

    private TimeSpan NextDelay(int attempt)
    {
        double ms = Math.Min(FirstReconnectDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20)), Options.ReconnectMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ms * (0.8 + (0.4 * Random.Shared.NextDouble())));
    }

    private void FailBacklog(Exception error)
    {
        List<PendingCommand> parked;
        lock (_writeLock)
        {
            parked = [.. _backlog];
            _backlog.Clear();
        }
        foreach (var command in parked)
        {
            command.TryFail(error);
            command.Release();
        }
    }

    private void SweepTimeouts()
    {
        long now = Environment.TickCount64;
        PhysicalConnection? physical;
        List<PendingCommand>? expiredParked = null;
        lock (_writeLock)
        {
            physical = _current;
            if (_backlog.Count > 0)
            {
                int count = _backlog.Count;
                for (int i = 0; i < count; i++)
                {
                    var command = _backlog.Dequeue();
                    if (command.IsDone || command.DeadlineMs <= now)
                    {
                        (expiredParked ??= []).Add(command);
                    }
                    else
                    {
                        _backlog.Enqueue(command);
                    }
                }
            }
        }
        if (expiredParked is not null)
        {
            foreach (var command in expiredParked)
            {
                command.TryFail(new RedisTimeoutException(
                    $"{command.Command} timed out waiting for a connection to {Options}; it was never sent. Last error: {_lastError?.Message ?? "none"}"));
                command.Release();
            }
        }
        if (physical is { HasInFlight: true })
        {
            foreach (var command in physical.InFlight)
            {
                int state = command.State;
                if ((state & 1) == 0 && command.DeadlineMs <= now)
                {
                    // The reply, when it comes, is still consumed by this command, so later callers stay in step.
                    command.TryFail(new RedisTimeoutException($"{command.Command} got no reply from {Options} within its timeout; it may still run on the server."), state);
                }
            }
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        PhysicalConnection? physical;
        lock (_writeLock)
        {
            if (_isDisposed)
            {
                return;
            }
            _isDisposed = true;
            physical = _current;
            _current = null;
        }
        await _disposing.CancelAsync();
        await _timeoutTimer.DisposeAsync();
        FailBacklog(new ObjectDisposedException(nameof(RedisConnection)));
        if (physical is not null)
        {
            physical.Abort();
            await physical.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        }
        // _disposing is left undisposed on purpose: a reconnect attempt in progress may still read its token.
    }
}
