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
            var scan = new SequenceReader<byte>(sequence);
            Assert.True(RespParser.TryScanFrame(ref scan, out _), $"frame incomplete at split {split}");
            Assert.Equal(bytes.Length, scan.Consumed);

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
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, 0, length));
            Assert.False(RespParser.TryScanFrame(ref reader, out _), $"'{wire[..length]}' taken as complete");
        }
    }

    [Fact]
    public void Tells_how_many_bytes_a_large_bulk_string_needs()
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>("$1000000\r\nabc"u8.ToArray()));

        Assert.False(RespParser.TryScanFrame(ref reader, out long needed));
        Assert.Equal(10 + 1_000_000 + 2, needed);
    }

    [Fact]
    public void Rejects_an_unknown_type_byte()
    {
        var bytes = new ReadOnlySequence<byte>("?what\r\n"u8.ToArray());

        Assert.Throws<RedisProtocolException>(() =>
        {
            var reader = new SequenceReader<byte>(bytes);
            return RespParser.TryScanFrame(ref reader, out _);
        });
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
