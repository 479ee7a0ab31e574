using System.Text;

namespace RevOps.Redis;

/// <summary>A binary-safe Redis key: a UTF-8 string or raw bytes (shaped like StackExchange.Redis's RedisKey).</summary>
public readonly struct RedisKey : IEquatable<RedisKey>
{
    private readonly object? _value;

    public RedisKey(string key) => _value = key;

    public RedisKey(byte[] key) => _value = key;

    public bool IsNull => _value is null;

    public static implicit operator RedisKey(string? key) => key is null ? default : new RedisKey(key);

    public static implicit operator RedisKey(byte[]? key) => key is null ? default : new RedisKey(key);

    public static explicit operator string?(RedisKey key) => key._value switch
    {
        string s => s,
        byte[] b => Encoding.UTF8.GetString(b),
        _ => null,
    };

    public static explicit operator byte[]?(RedisKey key) => key._value switch
    {
        string s => Encoding.UTF8.GetBytes(s),
        byte[] b => b,
        _ => null,
    };

    internal object? RawValue => _value;

    public override string ToString() => (string?)this ?? "(null)";

    public bool Equals(RedisKey other) => _value switch
    {
        null => other._value is null,
        string s when other._value is string o => string.Equals(s, o, StringComparison.Ordinal),
        _ => other._value is not null && ((byte[])this!).AsSpan().SequenceEqual((byte[])other!),
    };

    public override bool Equals(object? obj) => obj is RedisKey other && Equals(other);

    public override int GetHashCode() => _value switch
    {
        null => 0,
        string s => string.GetHashCode(s, StringComparison.Ordinal),
        byte[] b => Encoding.UTF8.GetString(b).GetHashCode(StringComparison.Ordinal),
        _ => 0,
    };

    public static bool operator ==(RedisKey left, RedisKey right) => left.Equals(right);

    public static bool operator !=(RedisKey left, RedisKey right) => !left.Equals(right);
}
