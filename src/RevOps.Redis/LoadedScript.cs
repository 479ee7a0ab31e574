namespace RevOps.Redis;

/// <summary>A script known to the server (from <see cref="RedisConnection.LoadScriptAsync"/>) and watched by the health check.</summary>
public sealed class LoadedScript
{
    internal LoadedScript(LuaScript script) => Script = script;

    public LuaScript Script { get; }

    public string Sha1 => Script.Sha1;

    public ValueTask<RedisResult> EvaluateAsync(RedisDatabase database, RedisKey[]? keys = null, RedisValue[]? values = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.ScriptEvaluateAsync(Script, keys, values);
    }
}
