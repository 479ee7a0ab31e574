using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace RevOps.Redis.Internal;

/// <summary>
/// One command: its encoded bytes, its deadline and the caller waiting for its reply.
/// Pooled; two owners (the caller's await and the reply queue) each release it once.
/// </summary>
internal abstract class PendingCommand
{
    private const int InitialBufferSize = 256;
    private byte[] _buffer = [];
    // Even while waiting, odd once answered; each reuse moves to the next even number (a generation).
    private int _state;

    public int Length { get; private set; }

    public string Command { get; private set; } = string.Empty;

    public long DeadlineMs { get; private set; }

    /// <summary>True once the caller has its answer (reply, error or timeout).</summary>
    public bool IsDone => (Volatile.Read(ref _state) & 1) != 0;

    /// <summary>A snapshot for <see cref="TryFail(Exception, int)"/>, so a recycled command is never failed by mistake.</summary>
    public int State => Volatile.Read(ref _state);

    public ReadOnlySpan<byte> Payload => _buffer.AsSpan(0, Length);

    protected void Prepare(string command, TimeSpan timeout)
    {
        Command = command;
        DeadlineMs = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        Length = 0;
        Volatile.Write(ref _state, (_state | 1) + 1);
        if (_buffer.Length == 0)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        }
    }

    protected void ReturnBuffer()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    // Large buffers go back to the shared pool instead of staying pinned to a pooled command.
    protected void TrimBuffer()
    {
        if (_buffer.Length > 4096)
        {
            ReturnBuffer();
        }
    }

    protected bool TryMarkDone()
    {
        int state = Volatile.Read(ref _state);
        while ((state & 1) == 0)
        {
            int seen = Interlocked.CompareExchange(ref _state, state + 1, state);
            if (seen == state)
            {
                return true;
            }
            state = seen;
        }
        return false;
    }

    protected bool TryMarkDone(int expectedState) =>
        (expectedState & 1) == 0 && Interlocked.CompareExchange(ref _state, expectedState + 1, expectedState) == expectedState;

    /// <summary>Delivers the reply frame (complete, exactly one frame).</summary>
    public abstract void Complete(in ReadOnlySequence<byte> frame);

    /// <summary>Fails the caller unless it already has its answer.</summary>
    public abstract bool TryFail(Exception exception);

    /// <summary>Fails the caller only if the command is still in the generation observed as <paramref name="expectedState"/>.</summary>
    public abstract bool TryFail(Exception exception, int expectedState);

    /// <summary>Called once by the reply queue when it is done with the command.</summary>
    public abstract void Release();

    // --- RESP encoding: *<argc>\r\n then $<len>\r\n<bytes>\r\n per argument ---

    public void WriteHeader(int argumentCount)
    {
        var span = GetSpan(16);
        span[0] = (byte)'*';
        Utf8Formatter.TryFormat(argumentCount, span[1..], out int written);
        span[1 + written] = (byte)'\r';
        span[2 + written] = (byte)'\n';
        Length += written + 3;
    }

    public void WriteArgument(ReadOnlySpan<byte> value)
    {
        WriteBulkHeader(value.Length);
        value.CopyTo(GetSpan(value.Length + 2));
        Length += value.Length;
        WriteCrLf();
    }

    public void WriteArgument(string value)
    {
        int byteCount = Encoding.UTF8.GetByteCount(value);
        WriteBulkHeader(byteCount);
        Length += Encoding.UTF8.GetBytes(value, GetSpan(byteCount + 2));
        WriteCrLf();
    }

    public void WriteArgument(long value)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, digits, out int written);
        WriteArgument(digits[..written]);
    }

    public void WriteArgument(double value)
    {
        Span<byte> digits = stackalloc byte[32];
        int written;
        if (double.IsPositiveInfinity(value))
        {
            "+inf"u8.CopyTo(digits);
            written = 4;
        }
        else if (double.IsNegativeInfinity(value))
        {
            "-inf"u8.CopyTo(digits);
            written = 4;
        }
        else
        {
            value.TryFormat(digits, out written, "R", System.Globalization.CultureInfo.InvariantCulture);
        }
        WriteArgument(digits[..written]);
    }

    public void WriteArgument(RedisKey key)
    {
        switch (key.RawValue)
        {
            case string s:
                WriteArgument(s);
                break;
            case byte[] b:
                WriteArgument(b);
                break;
        }
    }

    public void WriteArgument(RedisValue value)
    {
        int byteCount = value.ByteCount;
        WriteBulkHeader(byteCount);
        Length += value.CopyTo(GetSpan(byteCount + 2));
        WriteCrLf();
    }

    private void WriteBulkHeader(int length)
    {
        var span = GetSpan(16);
        span[0] = (byte)'$';
        Utf8Formatter.TryFormat(length, span[1..], out int written);
        span[1 + written] = (byte)'\r';
        span[2 + written] = (byte)'\n';
        Length += written + 3;
    }

    private void WriteCrLf()
    {
        var span = GetSpan(2);
        span[0] = (byte)'\r';
        span[1] = (byte)'\n';
        Length += 2;
    }

    private Span<byte> GetSpan(int size)
    {
        if (Length + size > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, Length + size));
            _buffer.AsSpan(0, Length).CopyTo(bigger);
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }
            _buffer = bigger;
        }
        return _buffer.AsSpan(Length);
    }
}
