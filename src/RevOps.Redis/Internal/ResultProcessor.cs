using System.Buffers;

namespace RevOps.Redis.Internal;

/// <summary>Turns one complete, non-error reply frame into a typed result.</summary>
internal abstract class ResultProcessor<T>
{
    public abstract T Parse(ref SequenceReader<byte> reader);
}
