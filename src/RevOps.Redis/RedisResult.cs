using System.Globalization;
using System.Numerics;
using System.Text;

namespace RevOps.Redis;

/// <summary>A reply of any shape, as returned by <see cref="RedisDatabase.ExecuteAsync(string, object[])"/> and scripts.</summary>
public sealed class RedisResult
{
    private static readonly RedisResult[] EmptyItems = [];
    private readonly RedisValue _value;
    private readonly RedisResult[]? _items;

    private RedisResult(ResultType type, RedisValue value, RedisResult[]? items)
    {
        Type = type;
        _value = value;
        _items = items;
    }

    public static RedisResult NullResult { get; } = new(ResultType.Null, RedisValue.Null, null);

    internal static RedisResult Scalar(ResultType type, RedisValue value) => new(type, value, null);

    internal static RedisResult Aggregate(ResultType type, RedisResult[] items) => new(type, RedisValue.Null, items);

    public ResultType Type { get; }

    /// <summary>True for RESP3 null and RESP2 null bulk strings / null arrays.</summary>
    public bool IsNull => Type == ResultType.Null || (_items is null && _value.IsNull && Type != ResultType.Error);

    /// <summary>Element count for arrays, sets and pushes; key and value count (2 per entry) for maps.</summary>
    public int Length => _items?.Length ?? 0;

    public RedisResult this[int index] => (_items ?? EmptyItems)[index];

    /// <summary>The error text when <see cref="Type"/> is Error or BlobError.</summary>
    public string? ErrorMessage => Type is ResultType.Error or ResultType.BlobError ? (string?)_value : null;

    public RedisValue AsRedisValue() => _value;

    public static explicit operator string?(RedisResult result) => (string?)result._value;

    public static explicit operator byte[]?(RedisResult result) => (byte[]?)result._value;

    public static explicit operator long(RedisResult result) => (long)result._value;

    public static explicit operator long?(RedisResult result) => result.IsNull ? null : (long)result._value;

    public static explicit operator int(RedisResult result) => (int)result._value;

    public static explicit operator double(RedisResult result) => (double)result._value;

    public static explicit operator double?(RedisResult result) => result.IsNull ? null : (double)result._value;

    public static explicit operator bool(RedisResult result) => (bool)result._value;

    public static explicit operator RedisValue(RedisResult result) => result._value;

    public static explicit operator RedisResult[]?(RedisResult result) => result._items;

    public static explicit operator BigInteger(RedisResult result) =>
        BigInteger.Parse((string?)result._value ?? "0", NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <summary>Reads a map (RESP3) or a flat key/value array (RESP2) as a dictionary.</summary>
    public Dictionary<string, RedisResult> ToDictionary()
    {
        var items = _items ?? throw new InvalidCastException($"A {Type} reply is not a map.");
        if (items.Length % 2 != 0)
        {
            throw new InvalidCastException("A map needs an even number of elements.");
        }
        var map = new Dictionary<string, RedisResult>(items.Length / 2, StringComparer.Ordinal);
        for (int i = 0; i < items.Length; i += 2)
        {
            map[(string?)items[i] ?? string.Empty] = items[i + 1];
        }
        return map;
    }

    public override string ToString()
    {
        if (_items is null)
        {
            return Type == ResultType.Null ? "(null)" : _value.ToString();
        }
        var text = new StringBuilder();
        text.Append('[');
        for (int i = 0; i < _items.Length; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(_items[i]);
        }
        return text.Append(']').ToString();
    }
}
