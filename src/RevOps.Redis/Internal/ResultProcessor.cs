using System.Buffers;

namespace RevOps.Redis.Internal;

/// <summary>Turns one complete, non-error reply frame into a typed result.</summary>
internal abstract class ResultProcessor<T>
{
    public abstract T Parse(ref SequenceReader<byte> reader);
}

/// <summary>The stateless processors, one instance each.</summary>
internal static class ResultProcessors
{
    public static readonly ResultProcessor<RedisValue> Value = new ValueProcessor();
    public static readonly ResultProcessor<long> Int64 = new Int64Processor();
    public static readonly ResultProcessor<long?> NullableInt64 = new NullableInt64Processor();
    public static readonly ResultProcessor<bool> Boolean = new BooleanProcessor();
    public static readonly ResultProcessor<double> Double = new DoubleProcessor();
    public static readonly ResultProcessor<double?> NullableDouble = new NullableDoubleProcessor();
    public static readonly ResultProcessor<RedisResult> Result = new ResultProcessor();
    public static readonly ResultProcessor<RedisValue[]> ValueArray = new ValueArrayProcessor();
    public static readonly ResultProcessor<HashEntry[]> HashEntries = new HashEntryProcessor();
    public static readonly ResultProcessor<SortedSetEntry[]> SortedSetEntries = new SortedSetEntryProcessor();
    public static readonly ResultProcessor<TimeSpan?> MillisecondsToLive = new MillisecondsToLiveProcessor();

    private sealed class ValueProcessor : ResultProcessor<RedisValue>
    {
        public override RedisValue Parse(ref SequenceReader<byte> reader) => RespParser.ReadValue(ref reader);
    }

    private sealed class Int64Processor : ResultProcessor<long>
    {
        public override long Parse(ref SequenceReader<byte> reader) => RespParser.ReadInteger(ref reader);
    }

    private sealed class NullableInt64Processor : ResultProcessor<long?>
    {
        public override long? Parse(ref SequenceReader<byte> reader) => (long?)RespParser.ReadValue(ref reader);
    }

    /// <summary>OK, 1, #t are true; null (a failed NX/XX), 0, #f are false.</summary>
    private sealed class BooleanProcessor : ResultProcessor<bool>
    {
        public override bool Parse(ref SequenceReader<byte> reader)
        {
            // "+OK" is the common answer; reading it as a value would allocate its text.
            if (reader.TryPeek(out byte type) && type == (byte)'+')
            {
                return true;
            }
            var value = RespParser.ReadValue(ref reader);
            return !value.IsNull && (bool)value;
        }
    }

    private sealed class DoubleProcessor : ResultProcessor<double>
    {
        public override double Parse(ref SequenceReader<byte> reader) => (double)RespParser.ReadValue(ref reader);
    }

    private sealed class NullableDoubleProcessor : ResultProcessor<double?>
    {
        public override double? Parse(ref SequenceReader<byte> reader) => (double?)RespParser.ReadValue(ref reader);
    }

    private sealed class ResultProcessor : ResultProcessor<RedisResult>
    {
        public override RedisResult Parse(ref SequenceReader<byte> reader) => RespParser.ReadResult(ref reader);
    }

    private sealed class ValueArrayProcessor : ResultProcessor<RedisValue[]>
    {
        public override RedisValue[] Parse(ref SequenceReader<byte> reader)
        {
            long count = RespParser.ReadAggregateLength(ref reader, out _);
            if (count <= 0)
            {
                return [];
            }
            var values = new RedisValue[count];
            for (long i = 0; i < count; i++)
            {
                values[i] = RespParser.ReadValue(ref reader);
            }
            return values;
        }
    }

    /// <summary>RESP2 sends a flat field/value array, RESP3 a map; both are 2 elements per entry.</summary>
    private sealed class HashEntryProcessor : ResultProcessor<HashEntry[]>
    {
        public override HashEntry[] Parse(ref SequenceReader<byte> reader)
        {
            long count = RespParser.ReadAggregateLength(ref reader, out _);
            if (count <= 0)
            {
                return [];
            }
            var entries = new HashEntry[count / 2];
            for (long i = 0; i < entries.Length; i++)
            {
                var name = RespParser.ReadValue(ref reader);
                entries[i] = new HashEntry(name, RespParser.ReadValue(ref reader));
            }
            return entries;
        }
    }

    /// <summary>RESP2 sends member, score, member, score...; RESP3 sends [member, score] pairs.</summary>
    private sealed class SortedSetEntryProcessor : ResultProcessor<SortedSetEntry[]>
    {
        public override SortedSetEntry[] Parse(ref SequenceReader<byte> reader)
        {
            long count = RespParser.ReadAggregateLength(ref reader, out _);
            if (count <= 0)
            {
                return [];
            }
            reader.TryPeek(out byte first);
            bool pairs = first == (byte)'*';
            var entries = new SortedSetEntry[pairs ? count : count / 2];
            for (long i = 0; i < entries.Length; i++)
            {
                if (pairs)
                {
                    RespParser.ReadAggregateLength(ref reader, out _);
                }
                var element = RespParser.ReadValue(ref reader);
                entries[i] = new SortedSetEntry(element, (double)RespParser.ReadValue(ref reader));
            }
            return entries;
        }
    }

    /// <summary>PTTL: -2 (no key) and -1 (no expiry) become null.</summary>
    private sealed class MillisecondsToLiveProcessor : ResultProcessor<TimeSpan?>
    {
        public override TimeSpan? Parse(ref SequenceReader<byte> reader)
        {
            long ms = RespParser.ReadInteger(ref reader);
            return ms < 0 ? null : TimeSpan.FromMilliseconds(ms);
        }
    }
}
