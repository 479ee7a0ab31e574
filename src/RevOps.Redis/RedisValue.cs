using System.Buffers.Text;
using System.Globalization;
using System.Text;
using RevOps.Redis.Internal;

namespace RevOps.Redis;

/// <summary>A Redis value: null, UTF-8 text, raw bytes, an integer or a double (shaped like StackExchange.Redis's RedisValue).</summary>
public readonly struct RedisValue : IEquatable<RedisValue>
{
    private enum Storage : byte { Null, String, Bytes, Int64, Double }

    private readonly object? _object;
    private readonly long _number;
    private readonly Storage _storage;

    private RedisValue(object? obj, long number, Storage storage)
    {
        _object = obj;
        _number = number;
        _storage = storage;
    }

    public static RedisValue Null => default;

    public bool IsNull => _storage == Storage.Null;

    public bool HasValue => _storage != Storage.Null;

    public bool IsNullOrEmpty => _storage switch
    {
        Storage.Null => true,
        Storage.String => ((string)_object!).Length == 0,
        Storage.Bytes => ((byte[])_object!).Length == 0,
        _ => false,
    };

    public static implicit operator RedisValue(string? value) => value is null ? default : new(value, 0, Storage.String);

    public static implicit operator RedisValue(byte[]? value) => value is null ? default : new(value, 0, Storage.Bytes);

    public static implicit operator RedisValue(long value) => new(null, value, Storage.Int64);

    public static implicit operator RedisValue(int value) => new(null, value, Storage.Int64);

    public static implicit operator RedisValue(double value) => new(null, BitConverter.DoubleToInt64Bits(value), Storage.Double);

    public static implicit operator RedisValue(bool value) => new(null, value ? 1 : 0, Storage.Int64);

    public static explicit operator string?(RedisValue value) => value._storage switch
    {
        Storage.Null => null,
        Storage.String => (string)value._object!,
        Storage.Bytes => Encoding.UTF8.GetString((byte[])value._object!),
        Storage.Int64 => value._number.ToString(CultureInfo.InvariantCulture),
        _ => FormatDouble(BitConverter.Int64BitsToDouble(value._number)),
    };

    public static explicit operator byte[]?(RedisValue value) => value._storage switch
    {
        Storage.Null => null,
        Storage.Bytes => (byte[])value._object!,
        _ => Encoding.UTF8.GetBytes((string)value!),
    };

    public static explicit operator long(RedisValue value) => value._storage switch
    {
        Storage.Null => 0,
        Storage.Int64 => value._number,
        Storage.Double => checked((long)BitConverter.Int64BitsToDouble(value._number)),
        _ => ParseInt64(value),
    };

    public static explicit operator long?(RedisValue value) => value.IsNull ? null : (long)value;

    public static explicit operator int(RedisValue value) => checked((int)(long)value);

    public static explicit operator double(RedisValue value) => value._storage switch
    {
        Storage.Null => 0,
        Storage.Int64 => value._number,
        Storage.Double => BitConverter.Int64BitsToDouble(value._number),
        _ => ParseDouble(value),
    };

    public static explicit operator double?(RedisValue value) => value.IsNull ? null : (double)value;

    public static explicit operator bool(RedisValue value) => (long)value != 0;

    /// <summary>Bytes written on the wire for this value; null when the value is null.</summary>
    internal int ByteCount => _storage switch
    {
        Storage.Null => 0,
        Storage.String => Encoding.UTF8.GetByteCount((string)_object!),
        Storage.Bytes => ((byte[])_object!).Length,
        _ => FormatNumber(stackalloc byte[32]),
    };

    internal int CopyTo(Span<byte> destination) => _storage switch
    {
        Storage.Null => 0,
        Storage.String => Encoding.UTF8.GetBytes((string)_object!, destination),
        Storage.Bytes => CopyBytes((byte[])_object!, destination),
        _ => FormatNumber(destination),
    };

    private static int CopyBytes(byte[] source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }

    private int FormatNumber(Span<byte> destination)
    {
        int written;
        bool ok = _storage == Storage.Int64
            ? Utf8Formatter.TryFormat(_number, destination, out written)
            : BitConverter.Int64BitsToDouble(_number).TryFormat(destination, out written, "R", CultureInfo.InvariantCulture);
        return ok ? written : throw new InvalidOperationException("Number does not fit its buffer.");
    }

    private static string FormatDouble(double value) => value switch
    {
        double.PositiveInfinity => "+inf",
        double.NegativeInfinity => "-inf",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static long ParseInt64(RedisValue value)
    {
        var text = (string)value!;
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw new InvalidCastException($"Redis value '{text}' is not an integer.");
    }

    private static double ParseDouble(RedisValue value)
    {
        var text = (string)value!;
        return RespDouble.TryParse(Encoding.UTF8.GetBytes(text), out var result)
            ? result
            : throw new InvalidCastException($"Redis value '{text}' is not a number.");
    }

    public override string ToString() => (string?)this ?? "(null)";

    public bool Equals(RedisValue other)
    {
        if (IsNull || other.IsNull)
        {
            return IsNull && other.IsNull;
        }
        if (_storage == other._storage && _storage is Storage.Int64 or Storage.Double)
        {
            return _number == other._number;
        }
        return ((byte[])this!).AsSpan().SequenceEqual((byte[])other!);
    }

    public override bool Equals(object? obj) => obj is RedisValue other && Equals(other);

    public override int GetHashCode() => IsNull ? 0 : ((string)this!).GetHashCode(StringComparison.Ordinal);

    public static bool operator ==(RedisValue left, RedisValue right) => left.Equals(right);

    public static bool operator !=(RedisValue left, RedisValue right) => !left.Equals(right);
}
