using System.Buffers;
using System.Text;
using RevOps.Redis.Internal;

namespace RevOps.Redis.Tests;

public class RespParserTests
{
    public static TheoryData<string, string, ResultType> Frames => new()
    {
        { "+OK\r\n", "OK", ResultType.SimpleString },
        { "-ERR bad\r\n", "ERR bad", ResultType.Error },
        { ":-42\r\n", "-42", ResultType.Integer },
        { "$5\r\nhe\r\no\r\n", "he\r\no", ResultType.BulkString },
        { "$0\r\n\r\n", "", ResultType.BulkString },
        { "$-1\r\n", "(null)", ResultType.Null },
        { "*-1\r\n", "(null)", ResultType.Null },
        { "_\r\n", "(null)", ResultType.Null },
        { "*3\r\n:1\r\n*2\r\n+a\r\n$1\r\nb\r\n*0\r\n", "[1, [a, b], []]", ResultType.Array },
        { "%2\r\n+k1\r\n:1\r\n+k2\r\n#f\r\n", "[k1, 1, k2, 0]", ResultType.Map },
        { "~2\r\n+x\r\n+y\r\n", "[x, y]", ResultType.Set },
        { ",3.25\r\n", "3.25", ResultType.Double },
        { ",-inf\r\n", "-inf", ResultType.Double },
        { "#t\r\n", "1", ResultType.Boolean },
        { "(3492890328409238509324850943850943825024385\r\n", "3492890328409238509324850943850943825024385", ResultType.BigNumber },
        { "!9\r\nSYNTAX no\r\n", "SYNTAX no", ResultType.BlobError },
        { "=8\r\ntxt:Some\r\n", "Some", ResultType.VerbatimString },
        { ">2\r\n+invalidate\r\n*1\r\n+k\r\n", "[invalidate, [k]]", ResultType.Push },
        { "|1\r\n+ttl\r\n:3600\r\n$2\r\nhi\r\n", "hi", ResultType.BulkString },
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public void Reads_every_reply_type_however_the_bytes_are_split(string wire, string expected, ResultType expectedType)
    {
        var bytes = Encoding.UTF8.GetBytes(wire);
        for (int split = 0; split <= bytes.Length; split++)
        {
            var sequence = Segments.Of(bytes[..split], bytes[split..]);
            Assert.True(new FrameScanner().TryScan(sequence, out long frameLength, out _), $"frame incomplete at split {split}");
            Assert.Equal(bytes.Length, frameLength);

            var read = new SequenceReader<byte>(sequence);
            var result = RespParser.ReadResult(ref read);
            Assert.Equal(expectedType, result.Type);
            Assert.Equal(expected, result.Type == ResultType.Error || result.Type == ResultType.BlobError ? result.ErrorMessage : result.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void Reports_every_truncated_frame_as_incomplete(string wire, string expected, ResultType expectedType)
    {
        _ = (expected, expectedType);
        var bytes = Encoding.UTF8.GetBytes(wire);
        for (int length = 0; length < bytes.Length; length++)
        {
            Assert.False(new FrameScanner().TryScan(new ReadOnlySequence<byte>(bytes, 0, length), out _, out _), $"'{wire[..length]}' taken as complete");
        }
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void Resumes_a_frame_fed_one_byte_at_a_time(string wire, string expected, ResultType expectedType)
    {
        _ = (expected, expectedType);
        var bytes = Encoding.UTF8.GetBytes(wire + "+NEXT\r\n");
        int frameEnd = Encoding.UTF8.GetByteCount(wire);
        var scanner = new FrameScanner();
        for (int length = 0; length < frameEnd; length++)
        {
            Assert.False(scanner.TryScan(new ReadOnlySequence<byte>(bytes, 0, length), out _, out _), $"'{wire[..length]}' taken as complete");
        }

        Assert.True(scanner.TryScan(new ReadOnlySequence<byte>(bytes), out long frameLength, out _));
        Assert.Equal(frameEnd, frameLength);
        Assert.True(scanner.TryScan(new ReadOnlySequence<byte>(bytes, frameEnd, bytes.Length - frameEnd), out long nextLength, out _));
        Assert.Equal(7, nextLength);
    }

    [Fact]
    public void Resumes_after_the_elements_already_walked_instead_of_rescanning_them()
    {
        var wire = new StringBuilder("*1000\r\n");
        for (int i = 0; i < 1000; i++)
        {
            wire.Append(":1\r\n");
        }
        var bytes = Encoding.ASCII.GetBytes(wire.ToString());
        int half = bytes.Length / 2;
        var scanner = new FrameScanner();
        Assert.False(scanner.TryScan(new ReadOnlySequence<byte>(bytes, 0, half), out _, out _));

        // Poison what was already walked: a scanner that starts over would hit '?' and throw.
        var rest = (byte[])bytes.Clone();
        rest.AsSpan(0, half - 10).Fill((byte)'?');

        Assert.True(scanner.TryScan(new ReadOnlySequence<byte>(rest), out long frameLength, out _));
        Assert.Equal(bytes.Length, frameLength);
    }

    [Fact]
    public void Tells_how_many_bytes_a_large_bulk_string_needs()
    {
        Assert.False(new FrameScanner().TryScan(new ReadOnlySequence<byte>("$1000000\r\nabc"u8.ToArray()), out _, out long needed));
        Assert.Equal(10 + 1_000_000 + 2, needed);
    }

    [Fact]
    public void Rejects_an_unknown_type_byte()
    {
        var bytes = new ReadOnlySequence<byte>("?what\r\n"u8.ToArray());

        Assert.Throws<RedisProtocolException>(() => new FrameScanner().TryScan(bytes, out _, out _));
    }

    private sealed class Segments : ReadOnlySequenceSegment<byte>
    {
        private Segments(byte[] memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public static ReadOnlySequence<byte> Of(byte[] first, byte[] second)
        {
            var head = new Segments(first, 0);
            var tail = new Segments(second, first.Length);
            head.Next = tail;
            return new ReadOnlySequence<byte>(head, 0, tail, second.Length);
        }
    }
}
