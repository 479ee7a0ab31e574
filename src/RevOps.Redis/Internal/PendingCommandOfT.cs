using System.Buffers;
using System.Collections.Concurrent;
using System.Threading.Tasks.Sources;

namespace RevOps.Redis.Internal;

/// <summary>A pending command whose reply is parsed into <typeparamref name="T"/>; awaited as a ValueTask without allocating.</summary>
internal sealed class PendingCommand<T> : PendingCommand, IValueTaskSource<T>
{
    private const int MaxPooled = 4096;
    private static readonly ConcurrentQueue<PendingCommand<T>> Pool = new();
    private static int s_pooledCount;

    private ManualResetValueTaskSourceCore<T> _core = new() { RunContinuationsAsynchronously = true };
    private ResultProcessor<T> _processor = null!;
    private int _owners;

    public static PendingCommand<T> Rent(string command, ResultProcessor<T> processor, TimeSpan timeout)
    {
        if (Pool.TryDequeue(out var pending))
        {
            Interlocked.Decrement(ref s_pooledCount);
        }
        else
        {
            pending = new PendingCommand<T>();
        }
        pending._processor = processor;
        pending._owners = 2;
        pending.Prepare(command, timeout);
        return pending;
    }

    public ValueTask<T> Task => new(this, _core.Version);

    public override void Complete(in ReadOnlySequence<byte> frame)
    {
        if (!TryMarkDone())
        {
            return;
        }
        var reader = new SequenceReader<byte>(frame);
        RespParser.SkipAttributes(ref reader);
        reader.TryPeek(out byte type);
        try
        {
            if (type is (byte)'-' or (byte)'!')
            {
                _core.SetException(new RedisServerException(RespParser.ReadError(ref reader)));
                return;
            }
            _core.SetResult(_processor.Parse(ref reader));
        }
        catch (Exception ex)
        {
            _core.SetException(ex);
        }
    }

    public override bool TryFail(Exception exception)
    {
        if (!TryMarkDone())
        {
            return false;
        }
        _core.SetException(exception);
        return true;
    }

    public override bool TryFail(Exception exception, int expectedState)
    {
        if (!TryMarkDone(expectedState))
        {
            return false;
        }
        _core.SetException(exception);
        return true;
    }

    public override void Release()
    {
        if (Interlocked.Decrement(ref _owners) != 0)
        {
            return;
        }
        _core.Reset();
        _processor = null!;
        TrimBuffer();
        if (Interlocked.Increment(ref s_pooledCount) <= MaxPooled)
        {
            Pool.Enqueue(this);
        }
        else
        {
            Interlocked.Decrement(ref s_pooledCount);
            ReturnBuffer();
        }
    }

    public T GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            Release();
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
