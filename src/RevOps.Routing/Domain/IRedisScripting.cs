namespace RevOps.Routing.Domain;

/// <summary>
/// The one Redis call routing needs: run a Lua script (EVAL/EVALSHA). RevOps.Redis's client fits behind it; the tests use a
/// minimal RESP connection to a real redis-server.
/// </summary>
public interface IRedisScripting
{
    /// <summary>The script's reply: null, <see cref="long"/>, <see cref="string"/>, or <c>object?[]</c> of those; error replies throw.</summary>
    Task<object?> EvaluateAsync(string script, IReadOnlyList<string> keys, IReadOnlyList<string> args, CancellationToken cancellationToken);
}
