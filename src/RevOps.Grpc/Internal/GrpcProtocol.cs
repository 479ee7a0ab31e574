using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace RevOps.Grpc.Internal;

/// <summary>Wire constants and header codecs of gRPC over HTTP/2.</summary>
internal static class GrpcProtocol
{
    public const string ContentType = "application/grpc";
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string TimeoutHeader = "grpc-timeout";
    public const string IdentityEncoding = "identity";
    public const string GzipEncoding = "gzip";
    public const string SupportedEncodings = "identity,gzip";
    public const int HeaderSize = 5;

    /// <summary>The longest timer .NET accepts; bigger timeouts are clamped to it.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(int.MaxValue);

    public static bool IsGrpcContentType(string? contentType) =>
        contentType is not null
        && contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase)
        && (contentType.Length == ContentType.Length || contentType[ContentType.Length] is '+' or ';');

    public static bool IsSupportedEncoding(string encoding) =>
        encoding.Equals(IdentityEncoding, StringComparison.OrdinalIgnoreCase) || encoding.Equals(GzipEncoding, StringComparison.OrdinalIgnoreCase);

    public static bool IsCompressingEncoding(string? encoding) =>
        encoding is not null && encoding.Equals(GzipEncoding, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses grpc-timeout ("100m", "5S", up to 8 digits and a unit); null when malformed; clamped to MaxTimeout.</summary>
    public static TimeSpan? ParseTimeout(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length < 2 || value.Length > 9)
        {
            return null;
        }
        var digits = value.AsSpan(0, value.Length - 1);
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return null;
            }
        }
        var amount = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        double ticks = value[^1] switch
        {
            'H' => amount * (double)TimeSpan.TicksPerHour,
            'M' => amount * (double)TimeSpan.TicksPerMinute,
            'S' => amount * (double)TimeSpan.TicksPerSecond,
            'm' => amount * (double)TimeSpan.TicksPerMillisecond,
            'u' => amount * 10d,
            'n' => amount / 100d,
            _ => double.NaN,
        };
        if (double.IsNaN(ticks))
        {
            return null;
        }
        return ticks >= MaxTimeout.Ticks ? MaxTimeout : TimeSpan.FromTicks((long)Math.Ceiling(ticks));
    }

    /// <summary>Formats a timeout as grpc-timeout, picking the finest unit that fits in 8 digits.</summary>
    public static string FormatTimeout(TimeSpan timeout)
    {
        var ticks = Math.Max(0, timeout.Ticks);
        var micros = (ticks + 9) / 10;
        if (micros < 100_000_000)
        {
            return micros.ToString(CultureInfo.InvariantCulture) + "u";
        }
        var millis = (ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;
        if (millis < 100_000_000)
        {
            return millis.ToString(CultureInfo.InvariantCulture) + "m";
        }
        var seconds = (ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;
        if (seconds < 100_000_000)
        {
            return seconds.ToString(CultureInfo.InvariantCulture) + "S";
        }
        return Math.Min(99_999_999, (ticks + TimeSpan.TicksPerHour - 1) / TimeSpan.TicksPerHour).ToString(CultureInfo.InvariantCulture) + "H";
    }

    /// <summary>Percent-encodes grpc-message: UTF-8 bytes outside printable ASCII, and '%'.</summary>
    public static string EncodeMessage(string message)
    {
        var needsEncoding = false;
        foreach (var c in message)
        {
            if (c is < ' ' or > '~' or '%')
            {
                needsEncoding = true;
                break;
            }
        }
        if (!needsEncoding)
        {
            return message;
        }
        var builder = new StringBuilder(message.Length * 2);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is < (byte)' ' or > (byte)'~' or (byte)'%')
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append((char)b);
            }
        }
        return builder.ToString();
    }

    /// <summary>Decodes a percent-encoded grpc-message; malformed escapes are kept as they are.</summary>
    public static string DecodeMessage(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }
        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length
                && byte.TryParse(value.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(value[i].ToString()));
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>Decodes a -bin header value: base64, padded or not.</summary>
    public static byte[] DecodeBinaryHeader(string value)
    {
        var trimmed = value.Trim();
        var padding = (4 - trimmed.Length % 4) % 4;
        if (padding == 3)
        {
            throw new FormatException("Invalid base64 length in binary metadata.");
        }
        return Convert.FromBase64String(padding == 0 ? trimmed : trimmed + new string('=', padding));
    }

    public static string EncodeBinaryHeader(byte[] value) => Convert.ToBase64String(value);

    public static void WriteHeader(Span<byte> destination, bool compressed, int length)
    {
        destination[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
    }

    /// <summary>Reads a 5-byte message header from the start of a buffer.</summary>
    public static (bool Compressed, uint Length) ReadHeader(in ReadOnlySequence<byte> buffer)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        return (header[0] != 0, BinaryPrimitives.ReadUInt32BigEndian(header[1..]));
    }

    public static bool IsReservedHeader(string key) =>
        key.StartsWith(':')
        || key.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase)
        || key.Equals("content-type", StringComparison.OrdinalIgnoreCase)
        || key.Equals("te", StringComparison.OrdinalIgnoreCase)
        || key.Equals("host", StringComparison.OrdinalIgnoreCase)
        || key.Equals("content-length", StringComparison.OrdinalIgnoreCase)
        || key.Equals("connection", StringComparison.OrdinalIgnoreCase)
        || key.Equals("accept-encoding", StringComparison.OrdinalIgnoreCase);
}
