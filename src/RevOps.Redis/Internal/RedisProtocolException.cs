namespace RevOps.Redis.Internal;

/// <summary>The byte stream broke the RESP grammar; the connection cannot be trusted and is dropped.</summary>
internal sealed class RedisProtocolException(string message) : Exception(message);
