using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using RevOps.Redis.Internal;

namespace RevOps.Redis;

/// <summary>
/// Typed commands for what RevOps uses (strings, counters, hashes, sorted sets, key expiry, scripts) plus
/// <see cref="ExecuteAsync(string, object[])"/> for the rest. Names follow StackExchange.Redis's IDatabase.
/// Each result is a ValueTask: await it exactly once.
/// </summary>
public sealed class RedisDatabase
{
    // Subscriptions and MONITOR take a connection over; SELECT/HELLO/AUTH/RESET/QUIT would be lost or wrong after a reconnect.
    private static readonly HashSet<string> ConnectionStateCommands = new(StringComparer.OrdinalIgnoreCase)
    {
        "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE", "MONITOR",
        "SELECT", "HELLO", "AUTH", "RESET", "QUIT", "SYNC", "PSYNC",
    };

    private readonly RedisConnection _connection;

    internal RedisDatabase(RedisConnection connection) => _connection = connection;

    public int Database => _connection.Options.DefaultDatabase;

    // ---- connection ----

    /// <summary>Round-trip time of a PING.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<TimeSpan> PingAsync()
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        await Send(Start("PING", 1, ResultProcessors.Value));
        return System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    // ---- strings and counters ----

    public ValueTask<RedisValue> StringGetAsync(RedisKey key)
    {
        CheckKey(key);
        var command = Start("GET", 2, ResultProcessors.Value);
        command.WriteArgument(key);
        return Send(command);
    }

    public ValueTask<RedisValue[]> StringGetAsync(RedisKey[] keys)
    {
        CheckKeys(keys);
        var command = Start("MGET", 1 + keys.Length, ResultProcessors.ValueArray);
        foreach (var key in keys)
        {
            command.WriteArgument(key);
        }
        return Send(command);
    }

    /// <summary>SET with optional expiry and NX/XX; false when the condition stopped the write.</summary>
    public ValueTask<bool> StringSetAsync(RedisKey key, RedisValue value, TimeSpan? expiry = null, When when = When.Always)
    {
        CheckKey(key);
        CheckValue(value);
        long? ms = expiry is null ? null : CheckExpiry(expiry.Value);
        var command = Start("SET", 3 + (ms is null ? 0 : 2) + (when == When.Always ? 0 : 1), ResultProcessors.Boolean);
        command.WriteArgument(key);
        command.WriteArgument(value);
        if (ms is not null)
        {
            command.WriteArgument("PX");
            command.WriteArgument(ms.Value);
        }
        if (when != When.Always)
        {
            command.WriteArgument(when == When.NotExists ? "NX" : "XX");
        }
        return Send(command);
    }

    public ValueTask<long> StringIncrementAsync(RedisKey key, long value = 1) => KeyAndLong("INCRBY", key, value);

    public ValueTask<long> StringDecrementAsync(RedisKey key, long value = 1) => KeyAndLong("DECRBY", key, value);

    public ValueTask<double> StringIncrementAsync(RedisKey key, double value)
    {
        CheckKey(key);
        var command = Start("INCRBYFLOAT", 3, ResultProcessors.Double);
        command.WriteArgument(key);
        command.WriteArgument(value);
        return Send(command);
    }

    // ---- keys ----

    public ValueTask<bool> KeyDeleteAsync(RedisKey key) => KeyOnly("DEL", key, ResultProcessors.Boolean);

    public ValueTask<long> KeyDeleteAsync(RedisKey[] keys)
    {
        CheckKeys(keys);
        var command = Start("DEL", 1 + keys.Length, ResultProcessors.Int64);
        foreach (var key in keys)
        {
            command.WriteArgument(key);
        }
        return Send(command);
    }

    public ValueTask<bool> KeyExistsAsync(RedisKey key) => KeyOnly("EXISTS", key, ResultProcessors.Boolean);

    /// <summary>Sets a time to live (PEXPIRE), or removes it when <paramref name="expiry"/> is null (PERSIST).</summary>
    public ValueTask<bool> KeyExpireAsync(RedisKey key, TimeSpan? expiry)
    {
        if (expiry is null)
        {
            return KeyOnly("PERSIST", key, ResultProcessors.Boolean);
        }
        CheckKey(key);
        long ms = CheckExpiry(expiry.Value);
        var command = Start("PEXPIRE", 3, ResultProcessors.Boolean);
        command.WriteArgument(key);
        command.WriteArgument(ms);
        return Send(command);
    }

    /// <summary>Remaining time to live; null when the key is missing or has no expiry.</summary>
    public ValueTask<TimeSpan?> KeyTimeToLiveAsync(RedisKey key) => KeyOnly("PTTL", key, ResultProcessors.MillisecondsToLive);

    // ---- hashes ----

    public ValueTask<RedisValue> HashGetAsync(RedisKey key, RedisValue field)
    {
        CheckKey(key);
        CheckField(field);
        var command = Start("HGET", 3, ResultProcessors.Value);
        command.WriteArgument(key);
        command.WriteArgument(field);
        return Send(command);
    }

    /// <summary>HSET (or HSETNX for <see cref="When.NotExists"/>); true when the field is new.</summary>
    public ValueTask<bool> HashSetAsync(RedisKey key, RedisValue field, RedisValue value, When when = When.Always)
    {
        CheckKey(key);
        CheckField(field);
        CheckValue(value);
        if (when == When.Exists)
        {
            throw new ArgumentException("HashSetAsync supports When.Always and When.NotExists.", nameof(when));
        }
        var command = Start(when == When.NotExists ? "HSETNX" : "HSET", 4, ResultProcessors.Boolean);
        command.WriteArgument(key);
        command.WriteArgument(field);
        command.WriteArgument(value);
        return Send(command);
    }

    /// <summary>Sets several fields at once; returns how many were new.</summary>
    public ValueTask<long> HashSetAsync(RedisKey key, HashEntry[] entries)
    {
        CheckKey(key);
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Length == 0)
        {
            throw new ArgumentException("At least one hash entry is required.", nameof(entries));
        }
        foreach (var entry in entries)
        {
            CheckField(entry.Name);
            CheckValue(entry.Value);
        }
        var command = Start("HSET", 2 + (entries.Length * 2), ResultProcessors.Int64);
        command.WriteArgument(key);
        foreach (var entry in entries)
        {
            command.WriteArgument(entry.Name);
            command.WriteArgument(entry.Value);
        }
        return Send(command);
    }

    public ValueTask<HashEntry[]> HashGetAllAsync(RedisKey key) => KeyOnly("HGETALL", key, ResultProcessors.HashEntries);

    public ValueTask<bool> HashDeleteAsync(RedisKey key, RedisValue field) => KeyAndValue("HDEL", key, field, ResultProcessors.Boolean);

    public ValueTask<bool> HashExistsAsync(RedisKey key, RedisValue field) => KeyAndValue("HEXISTS", key, field, ResultProcessors.Boolean);

    public ValueTask<long> HashLengthAsync(RedisKey key) => KeyOnly("HLEN", key, ResultProcessors.Int64);

    public ValueTask<long> HashIncrementAsync(RedisKey key, RedisValue field, long value = 1)
    {
        CheckKey(key);
        CheckField(field);
        var command = Start("HINCRBY", 4, ResultProcessors.Int64);
        command.WriteArgument(key);
        command.WriteArgument(field);
        command.WriteArgument(value);
        return Send(command);
    }

    // ---- sorted sets ----

    /// <summary>ZADD; true when the member is new.</summary>
    public ValueTask<bool> SortedSetAddAsync(RedisKey key, RedisValue member, double score)
    {
        CheckKey(key);
        CheckField(member);
        var command = Start("ZADD", 4, ResultProcessors.Boolean);
        command.WriteArgument(key);
        command.WriteArgument(score);
        command.WriteArgument(member);
        return Send(command);
    }

    /// <summary>ZINCRBY; the new score.</summary>
    public ValueTask<double> SortedSetIncrementAsync(RedisKey key, RedisValue member, double value)
    {
        CheckKey(key);
        CheckField(member);
        var command = Start("ZINCRBY", 4, ResultProcessors.Double);
        command.WriteArgument(key);
        command.WriteArgument(value);
        command.WriteArgument(member);
        return Send(command);
    }

    public ValueTask<bool> SortedSetRemoveAsync(RedisKey key, RedisValue member) => KeyAndValue("ZREM", key, member, ResultProcessors.Boolean);

    /// <summary>The member's score; null when it is not in the set.</summary>
    public ValueTask<double?> SortedSetScoreAsync(RedisKey key, RedisValue member) => KeyAndValue("ZSCORE", key, member, ResultProcessors.NullableDouble);

    /// <summary>The member's 0-based rank; null when it is not in the set.</summary>
    public ValueTask<long?> SortedSetRankAsync(RedisKey key, RedisValue member, Order order = Order.Ascending) =>
        KeyAndValue(order == Order.Ascending ? "ZRANK" : "ZREVRANK", key, member, ResultProcessors.NullableInt64);

    public ValueTask<long> SortedSetLengthAsync(RedisKey key) => KeyOnly("ZCARD", key, ResultProcessors.Int64);

    public ValueTask<RedisValue[]> SortedSetRangeByRankAsync(RedisKey key, long start = 0, long stop = -1, Order order = Order.Ascending) =>
        Range(key, start, stop, order, withScores: false, ResultProcessors.ValueArray);

    public ValueTask<SortedSetEntry[]> SortedSetRangeByRankWithScoresAsync(RedisKey key, long start = 0, long stop = -1, Order order = Order.Ascending) =>
        Range(key, start, stop, order, withScores: true, ResultProcessors.SortedSetEntries);

    /// <summary>Members with scores between <paramref name="start"/> and <paramref name="stop"/> (inclusive), lowest first.</summary>
    public ValueTask<SortedSetEntry[]> SortedSetRangeByScoreWithScoresAsync(
        RedisKey key, double start = double.NegativeInfinity, double stop = double.PositiveInfinity, long skip = 0, long take = -1)
    {
        CheckKey(key);
        bool limit = skip != 0 || take != -1;
        var command = Start("ZRANGEBYSCORE", 5 + (limit ? 3 : 0), ResultProcessors.SortedSetEntries);
        command.WriteArgument(key);
        command.WriteArgument(start);
        command.WriteArgument(stop);
        command.WriteArgument("WITHSCORES");
        if (limit)
        {
            command.WriteArgument("LIMIT");
            command.WriteArgument(skip);
            command.WriteArgument(take);
        }
        return Send(command);
    }

    // ---- scripts ----

    /// <summary>Runs a script by SHA (EVALSHA); when the server lost it (NOSCRIPT) sends the source once with EVAL.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<RedisResult> ScriptEvaluateAsync(LuaScript script, RedisKey[]? keys = null, RedisValue[]? values = null)
    {
        ArgumentNullException.ThrowIfNull(script);
        try
        {
            return await Send(BuildEval("EVALSHA", script.Sha1, keys, values));
        }
        catch (RedisServerException ex) when (ex.ErrorCode == "NOSCRIPT")
        {
            Log.ScriptReloaded(_connection.Logger, script.Sha1);
            return await Send(BuildEval("EVAL", script.Source, keys, values));
        }
    }

    public ValueTask<RedisResult> ScriptEvaluateAsync(LoadedScript script, RedisKey[]? keys = null, RedisValue[]? values = null)
    {
        ArgumentNullException.ThrowIfNull(script);
        return ScriptEvaluateAsync(script.Script, keys, values);
    }

    // ---- anything else ----

    /// <summary>Sends any command; arguments may be string, byte[], RedisKey, RedisValue, int, long or double.</summary>
    public ValueTask<RedisResult> ExecuteAsync(string command, params object[] args) =>
        ExecuteAsync(command, args, _connection.CommandTimeout);

    /// <summary>Sends any command with its own timeout (for blocking commands).</summary>
    public ValueTask<RedisResult> ExecuteAsync(string command, IReadOnlyList<object> args, TimeSpan timeout)
    {
        _connection.ThrowIfDisposed();
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        if (ConnectionStateCommands.Contains(command))
        {
            throw new NotSupportedException(
                $"{command} changes the state of the shared connection (or takes it over), which would break every other caller; it is not supported here.");
        }
        if (timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be positive.");
        }
        return Send(BuildRaw(command, args, timeout));
    }

    internal static PendingCommand<RedisResult> BuildRaw(string command, IReadOnlyList<object> args, TimeSpan timeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        ArgumentNullException.ThrowIfNull(args);
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] is null or RedisKey { IsNull: true } or RedisValue { IsNull: true })
            {
                throw new ArgumentNullException(nameof(args), $"Argument {i} of {command} is null.");
            }
            if (args[i] is not (string or byte[] or RedisKey or RedisValue or int or long or double))
            {
                throw new ArgumentException($"Argument {i} of {command} has unsupported type {args[i].GetType().Name}.", nameof(args));
            }
        }
        var pending = PendingCommand<RedisResult>.Rent(command, ResultProcessors.Result, timeout);
        pending.WriteHeader(1 + args.Count);
        pending.WriteArgument(command);
        foreach (var arg in args)
        {
            switch (arg)
            {
                case string s: pending.WriteArgument(s); break;
                case byte[] b: pending.WriteArgument(b); break;
                case RedisKey k: pending.WriteArgument(k); break;
                case RedisValue v: pending.WriteArgument(v); break;
                case int n: pending.WriteArgument(n); break;
                case long n: pending.WriteArgument(n); break;
                case double d: pending.WriteArgument(d); break;
            }
        }
        return pending;
    }

    // ---- helpers ----

    private PendingCommand<RedisResult> BuildEval(string verb, string scriptOrSha, RedisKey[]? keys, RedisValue[]? values)
    {
        keys ??= [];
        values ??= [];
        CheckKeys(keys);
        foreach (var value in values)
        {
            CheckValue(value);
        }
        var command = Start(verb, 3 + keys.Length + values.Length, ResultProcessors.Result);
        command.WriteArgument(scriptOrSha);
        command.WriteArgument(keys.Length);
        foreach (var key in keys)
        {
            command.WriteArgument(key);
        }
        foreach (var value in values)
        {
            command.WriteArgument(value);
        }
        return command;
    }

    private ValueTask<T> Range<T>(RedisKey key, long start, long stop, Order order, bool withScores, ResultProcessor<T> processor)
    {
        CheckKey(key);
        var command = Start("ZRANGE", 4 + (order == Order.Descending ? 1 : 0) + (withScores ? 1 : 0), processor);
        command.WriteArgument(key);
        command.WriteArgument(start);
        command.WriteArgument(stop);
        if (order == Order.Descending)
        {
            command.WriteArgument("REV");
        }
        if (withScores)
        {
            command.WriteArgument("WITHSCORES");
        }
        return Send(command);
    }

    private ValueTask<T> KeyOnly<T>(string verb, RedisKey key, ResultProcessor<T> processor)
    {
        CheckKey(key);
        var command = Start(verb, 2, processor);
        command.WriteArgument(key);
        return Send(command);
    }

    private ValueTask<T> KeyAndValue<T>(string verb, RedisKey key, RedisValue value, ResultProcessor<T> processor)
    {
        CheckKey(key);
        CheckField(value);
        var command = Start(verb, 3, processor);
        command.WriteArgument(key);
        command.WriteArgument(value);
        return Send(command);
    }

    private ValueTask<long> KeyAndLong(string verb, RedisKey key, long value)
    {
        CheckKey(key);
        var command = Start(verb, 3, ResultProcessors.Int64);
        command.WriteArgument(key);
        command.WriteArgument(value);
        return Send(command);
    }

    private PendingCommand<T> Start<T>(string verb, int argumentCount, ResultProcessor<T> processor)
    {
        _connection.ThrowIfDisposed();
        var command = PendingCommand<T>.Rent(verb, processor, _connection.CommandTimeout);
        command.WriteHeader(argumentCount);
        command.WriteArgument(verb);
        return command;
    }

    private ValueTask<T> Send<T>(PendingCommand<T> command) => _connection.SendAsync(command);

    private static void CheckKey(RedisKey key)
    {
        switch (key.RawValue)
        {
            case null:
                throw new ArgumentNullException(nameof(key), "A Redis key must not be null.");
            case string { Length: 0 }:
            case byte[] { Length: 0 }:
                throw new ArgumentException("A Redis key must not be empty.", nameof(key));
        }
    }

    private static void CheckKeys(RedisKey[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            CheckKey(key);
        }
    }

    private static void CheckValue(RedisValue value)
    {
        if (value.IsNull)
        {
            throw new ArgumentNullException(nameof(value), "A Redis value must not be null; delete the key instead.");
        }
    }

    private static void CheckField(RedisValue field)
    {
        if (field.IsNull)
        {
            throw new ArgumentNullException(nameof(field), "A hash field or set member must not be null.");
        }
    }

    private static long CheckExpiry(TimeSpan expiry) =>
        expiry > TimeSpan.Zero
            ? Math.Max(1, (long)expiry.TotalMilliseconds)
            : throw new ArgumentOutOfRangeException(nameof(expiry), expiry, "An expiry must be positive.");
}
