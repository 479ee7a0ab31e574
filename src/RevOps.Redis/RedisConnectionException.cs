namespace RevOps.Redis;

/// <summary>The command failed because the connection failed, was lost or refused our credentials.</summary>
public sealed class RedisConnectionException(ConnectionFailureType failureType, string message, Exception? innerException = null)
    : RedisException(message, innerException)
{
    public ConnectionFailureType FailureType { get; } = failureType;
}
