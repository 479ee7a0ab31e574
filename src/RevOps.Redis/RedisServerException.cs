namespace RevOps.Redis;

/// <summary>The server answered with an error reply (for example "ERR", "WRONGTYPE", "NOSCRIPT").</summary>
public sealed class RedisServerException(string message) : RedisException(message)
{
    /// <summary>The error's first word, such as ERR, WRONGTYPE or NOSCRIPT.</summary>
    public string ErrorCode => Message.Split(' ', 2)[0];
}
