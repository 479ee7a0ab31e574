namespace RevOps.Redis;

/// <summary>One field and value of a hash.</summary>
public readonly record struct HashEntry(RedisValue Name, RedisValue Value);
