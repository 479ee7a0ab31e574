using System.Collections.Concurrent;
using RevOps.Redis;
using RevOps.Routing.Domain;

namespace RevOps.Routing.Data;

/// <summary>Routing's one Redis call over RevOps.Redis: EVALSHA with the source resent once when the server lost it.</summary>
public sealed class RedisScripting(RedisConnection connection) : IRedisScripting
{
    private readonly ConcurrentDictionary<string, LuaScript> _scripts = new(StringComparer.Ordinal);

    public async Task<object?> EvaluateAsync(string script, IReadOnlyList<string> keys, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var lua = _scripts.GetOrAdd(script, source => new LuaScript(source));
        var redisKeys = new RedisKey[keys.Count];
        for (var i = 0; i < keys.Count; i++)
            redisKeys[i] = keys[i];
        var values = new RedisValue[args.Count];
        for (var i = 0; i < args.Count; i++)
            values[i] = args[i];
        return Convert(await connection.GetDatabase().ScriptEvaluateAsync(lua, redisKeys, values));
    }

    private static object? Convert(RedisResult result)
    {
        if (result.ErrorMessage is { } error)
            throw new InvalidOperationException($"Routing script failed: {error}");
        return result.Type switch
        {
            ResultType.Null => null,
            ResultType.Integer or ResultType.Boolean => (long)result,
            ResultType.Array or ResultType.Set or ResultType.Push or ResultType.Map =>
                ((RedisResult[]?)result ?? []).Select(Convert).ToArray(),
            _ => result.IsNull ? null : (string?)result,
        };
    }
}
