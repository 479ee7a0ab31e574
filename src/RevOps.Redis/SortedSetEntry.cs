namespace RevOps.Redis;

/// <summary>One member of a sorted set with its score.</summary>
public readonly record struct SortedSetEntry(RedisValue Element, double Score);
