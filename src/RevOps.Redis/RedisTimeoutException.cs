namespace RevOps.Redis;

/// <summary>No reply arrived within the command's timeout; the command may still have run on the server.</summary>
public sealed class RedisTimeoutException(string message) : TimeoutException(message);
