using System.Buffers;
using System.Buffers.Text;

namespace RevOps.Redis.Internal;

/// <summary>RESP2/RESP3 framing and decoding over a (possibly multi-segment) byte sequence.</summary>
internal static class RespParser
{
    private const int MaxDepth = 64;

    /// <summary>
    /// Advances past one complete frame. When the frame is incomplete returns false and, if known,
    /// the total byte count the frame needs, so the caller can wait for that much instead of rescanning.
    /// </summary>
    public static bool TryScanFrame(ref SequenceReader<byte> reader, out long bytesNeeded)
    {
        bytesNeeded = 0;
        return TryScan(ref reader, ref bytesNeeded, 0);
    }

    private static bool TryScan(ref SequenceReader<byte> reader, ref long bytesNeeded, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new RedisProtocolException("Reply nests deeper than 64 levels.");
        }
        if (!reader.TryRead(out byte type) || !TryReadLine(ref reader, out var line))
        {
            return false;
        }
        switch (type)
        {
            case (byte)'+' or (byte)'-' or (byte)':' or (byte)',' or (byte)'#' or (byte)'(' or (byte)'_':
                return true;
            case (byte)'$' or (byte)'!' or (byte)'=':
                long length = ParseLength(line);
                if (length < 0)
                {
                    return true;
                }
                if (reader.Remaining < length + 2)
                {
                    bytesNeeded = reader.Consumed + length + 2;
                    return false;
                }
                reader.Advance(length);
                ExpectCrLf(ref reader);
                return true;
            case (byte)'*' or (byte)'~' or (byte)'>' or (byte)'%' or (byte)'|':
                long count = ParseLength(line);
                if (type is (byte)'%' or (byte)'|')
                {
                    count *= 2;
                }
                for (long i = 0; i < count; i++)
                {
                    if (!TryScan(ref reader, ref bytesNeeded, depth + 1))
                    {
                        return false;
                    }
                }
                // An attribute map is metadata in front of the real reply, which belongs to the same frame.
                return type != (byte)'|' || TryScan(ref reader, ref bytesNeeded, depth + 1);
            default:
                throw new RedisProtocolException($"Unknown RESP type byte 0x{type:X2}.");
        }
    }

    private static bool TryReadLine(ref SequenceReader<byte> reader, out ReadOnlySpan<byte> line)
    {
        if (!reader.TryReadTo(out line, (byte)'\r', advancePastDelimiter: true))
        {
            return false;
        }
        if (!reader.TryRead(out byte lf))
        {
            return false;
        }
        return lf == (byte)'\n' ? true : throw new RedisProtocolException("Expected LF after CR.");
    }

    private static void ExpectCrLf(ref SequenceReader<byte> reader)
    {
        if (!reader.TryRead(out byte cr) || !reader.TryRead(out byte lf) || cr != (byte)'\r' || lf != (byte)'\n')
        {
            throw new RedisProtocolException("Bulk payload is not followed by CRLF.");
        }
    }

    private static long ParseLength(ReadOnlySpan<byte> line)
    {
        if (line.Length == 1 && line[0] == (byte)'?')
        {
            throw new RedisProtocolException("Streamed RESP3 aggregates are not supported.");
        }
        return ParseInteger(line);
    }

    public static long ParseInteger(ReadOnlySpan<byte> line) =>
        Utf8Parser.TryParse(line, out long value, out int consumed) && consumed == line.Length
            ? value
            : throw new RedisProtocolException("Bad integer in reply.");

    /// <summary>Skips RESP3 attribute maps that may precede a reply.</summary>
    public static void SkipAttributes(ref SequenceReader<byte> reader)
    {
        while (reader.TryPeek(out byte type) && type == (byte)'|')
        {
            reader.Advance(1);
            TryReadLine(ref reader, out var line);
            long count = ParseInteger(line) * 2;
            long ignored = 0;
            for (long i = 0; i < count; i++)
            {
                TryScan(ref reader, ref ignored, 1);
            }
        }
    }

    /// <summary>Reads the type byte and header line of a frame known to be complete.</summary>
    public static byte ReadHeader(ref SequenceReader<byte> reader, out ReadOnlySpan<byte> line)
    {
        SkipAttributes(ref reader);
        reader.TryRead(out byte type);
        TryReadLine(ref reader, out line);
        return type;
    }

    public static byte[] ReadBulkPayload(ref SequenceReader<byte> reader, long length)
    {
        var payload = GC.AllocateUninitializedArray<byte>(checked((int)length));
        reader.TryCopyTo(payload);
        reader.Advance(length);
        ExpectCrLf(ref reader);
        return payload;
    }

    /// <summary>Reads a scalar reply as a value; aggregates are rejected, null shapes become Null.</summary>
    public static RedisValue ReadValue(ref SequenceReader<byte> reader)
    {
        byte type = ReadHeader(ref reader, out var line);
        switch (type)
        {
            case (byte)'$':
                long length = ParseInteger(line);
                return length < 0 ? RedisValue.Null : ReadBulkPayload(ref reader, length);
            case (byte)'=':
                return StripVerbatimFormat(ReadBulkPayload(ref reader, ParseInteger(line)));
            case (byte)'+' or (byte)'(':
                return line.ToArray();
            case (byte)':':
                return ParseInteger(line);
            case (byte)',':
                return RespDouble.TryParse(line, out var d) ? d : throw new RedisProtocolException("Bad double in reply.");
            case (byte)'#':
                return line.Length == 1 && line[0] == (byte)'t';
            case (byte)'_':
                return RedisValue.Null;
            case (byte)'*' or (byte)'%' or (byte)'~' when ParseInteger(line) < 0:
                return RedisValue.Null;
            default:
                throw new InvalidCastException($"Expected a single value but the reply is of type '{(char)type}'.");
        }
    }

    public static long ReadInteger(ref SequenceReader<byte> reader)
    {
        var value = ReadValue(ref reader);
        return value.IsNull ? 0 : (long)value;
    }

    /// <summary>Reads the element count of an aggregate; -1 for a null reply.</summary>
    public static long ReadAggregateLength(ref SequenceReader<byte> reader, out byte type)
    {
        type = ReadHeader(ref reader, out var line);
        return type switch
        {
            (byte)'*' or (byte)'~' or (byte)'>' => ParseInteger(line),
            (byte)'%' => ParseInteger(line) * 2,
            (byte)'_' => -1,
            (byte)'$' when ParseInteger(line) < 0 => -1,
            _ => throw new InvalidCastException($"Expected an array but the reply is of type '{(char)type}'."),
        };
    }

    public static RedisResult ReadResult(ref SequenceReader<byte> reader)
    {
        byte type = ReadHeader(ref reader, out var line);
        switch (type)
        {
            case (byte)'+':
                return RedisResult.Scalar(ResultType.SimpleString, line.ToArray());
            case (byte)'-':
                return RedisResult.Scalar(ResultType.Error, line.ToArray());
            case (byte)':':
                return RedisResult.Scalar(ResultType.Integer, ParseInteger(line));
            case (byte)',':
                return RedisResult.Scalar(ResultType.Double, RespDouble.TryParse(line, out var d) ? d : throw new RedisProtocolException("Bad double in reply."));
            case (byte)'#':
                return RedisResult.Scalar(ResultType.Boolean, line.Length == 1 && line[0] == (byte)'t');
            case (byte)'(':
                return RedisResult.Scalar(ResultType.BigNumber, line.ToArray());
            case (byte)'_':
                return RedisResult.NullResult;
            case (byte)'$' or (byte)'!' or (byte)'=':
                long length = ParseInteger(line);
                if (length < 0)
                {
                    return RedisResult.NullResult;
                }
                var payload = ReadBulkPayload(ref reader, length);
                return type switch
                {
                    (byte)'$' => RedisResult.Scalar(ResultType.BulkString, payload),
                    (byte)'!' => RedisResult.Scalar(ResultType.BlobError, payload),
                    _ => RedisResult.Scalar(ResultType.VerbatimString, StripVerbatimFormat(payload)),
                };
            default:
                long count = ParseInteger(line);
                if (count < 0)
                {
                    return RedisResult.NullResult;
                }
                if (type == (byte)'%')
                {
                    count *= 2;
                }
                var items = count == 0 ? [] : new RedisResult[count];
                for (long i = 0; i < count; i++)
                {
                    items[i] = ReadResult(ref reader);
                }
                var resultType = type switch
                {
                    (byte)'*' => ResultType.Array,
                    (byte)'~' => ResultType.Set,
                    (byte)'%' => ResultType.Map,
                    (byte)'>' => ResultType.Push,
                    _ => throw new RedisProtocolException($"Unknown RESP type byte 0x{type:X2}."),
                };
                return RedisResult.Aggregate(resultType, items);
        }
    }

    /// <summary>Reads the text of an error frame ('-' or '!').</summary>
    public static string ReadError(ref SequenceReader<byte> reader)
    {
        byte type = ReadHeader(ref reader, out var line);
        return type == (byte)'-'
            ? System.Text.Encoding.UTF8.GetString(line)
            : System.Text.Encoding.UTF8.GetString(ReadBulkPayload(ref reader, ParseInteger(line)));
    }

    // Verbatim strings start with a 3-letter format and ':' (for example "txt:"), which is not content.
    private static byte[] StripVerbatimFormat(byte[] payload) =>
        payload.Length >= 4 && payload[3] == (byte)':' ? payload[4..] : payload;
}
