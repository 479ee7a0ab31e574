using System.Buffers;

namespace RevOps.Redis.Internal;

/// <summary>
/// Finds where one RESP frame ends. Resumable: when the frame is incomplete it remembers how far it got
/// (whole elements only), so a reply of millions of elements arriving in chunks is walked once, not once per chunk.
/// </summary>
internal sealed class FrameScanner
{
    private const int MaxDepth = 128;

    // Elements still expected by each open aggregate; the bottom entry is the frame itself (1 element).
    private readonly Stack<long> _open = new();
    private long _scanned;

    /// <summary>
    /// Scans <paramref name="buffer"/>, which starts at the current frame's first byte. On success returns the frame
    /// length and resets for the next frame; otherwise returns the total byte count needed when known (else 0).
    /// </summary>
    public bool TryScan(in ReadOnlySequence<byte> buffer, out long frameLength, out long bytesNeeded)
    {
        frameLength = 0;
        bytesNeeded = 0;
        if (_open.Count == 0)
        {
            _open.Push(1);
            _scanned = 0;
        }
        var reader = new SequenceReader<byte>(buffer);
        reader.Advance(_scanned);
        while (true)
        {
            long elementStart = reader.Consumed;
            if (!reader.TryRead(out byte type) || !TryReadLine(ref reader, out var line))
            {
                return false;
            }
            switch (type)
            {
                case (byte)'+' or (byte)'-' or (byte)':' or (byte)',' or (byte)'#' or (byte)'(' or (byte)'_':
                    ElementDone();
                    break;
                case (byte)'$' or (byte)'!' or (byte)'=':
                    long length = RespParser.ParseInteger(line);
                    if (length >= 0)
                    {
                        if (reader.Remaining < length + 2)
                        {
                            bytesNeeded = reader.Consumed + length + 2;
                            _scanned = elementStart;
                            return false;
                        }
                        reader.Advance(length);
                        ExpectCrLf(ref reader);
                    }
                    ElementDone();
                    break;
                case (byte)'*' or (byte)'~' or (byte)'>' or (byte)'%' or (byte)'|':
                    if (line.Length == 1 && line[0] == (byte)'?')
                    {
                        throw new RedisProtocolException("Streamed RESP3 aggregates are not supported.");
                    }
                    long count = RespParser.ParseInteger(line);
                    // An attribute map belongs to the element after it, so it does not count as its parent's element.
                    if (type != (byte)'|')
                    {
                        ElementDone();
                    }
                    if (count > 0)
                    {
                        if (_open.Count >= MaxDepth)
                        {
                            throw new RedisProtocolException($"Reply nests deeper than {MaxDepth} levels.");
                        }
                        _open.Push(type is (byte)'%' or (byte)'|' ? count * 2 : count);
                    }
                    break;
                default:
                    throw new RedisProtocolException($"Unknown RESP type byte 0x{type:X2}.");
            }
            while (_open.Count > 0 && _open.Peek() == 0)
            {
                _open.Pop();
            }
            _scanned = reader.Consumed;
            if (_open.Count == 0)
            {
                frameLength = reader.Consumed;
                _scanned = 0;
                return true;
            }
        }
    }

    private void ElementDone() => _open.Push(_open.Pop() - 1);

    private static bool TryReadLine(ref SequenceReader<byte> reader, out ReadOnlySpan<byte> line)
    {
        if (!reader.TryReadTo(out line, (byte)'\r', advancePastDelimiter: true) || !reader.TryRead(out byte lf))
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
}
