namespace RevOps.Redis;

/// <summary>The RESP version spoken on a connection.</summary>
public enum RedisProtocol
{
    Resp2 = 2,
    Resp3 = 3,
}
