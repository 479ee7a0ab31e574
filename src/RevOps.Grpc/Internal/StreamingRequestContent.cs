using System.Net;

namespace RevOps.Grpc.Internal;

/// <summary>A request body written message by message while the call runs; completing it half-closes the stream.</summary>
internal sealed class StreamingRequestContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim writeLock = new(1, 1);

    public bool Started => stream.Task.IsCompleted;

    public async Task WriteAsync(byte[] frame, CancellationToken cancellationToken)
    {
        var target = await stream.Task.WaitAsync(cancellationToken);
        await writeLock.WaitAsync(cancellationToken);
        try
        {
            if (completed.Task.IsCompleted)
            {
                throw new InvalidOperationException("The request stream is already complete.");
            }
            await target.WriteAsync(frame, cancellationToken);
            await target.FlushAsync(cancellationToken);
        }
        finally
        {
            writeLock.Release();
        }
    }

    public async Task CompleteAsync()
    {
        await writeLock.WaitAsync();
        try
        {
            completed.TrySetResult();
        }
        finally
        {
            writeLock.Release();
        }
    }

    public void Abort()
    {
        completed.TrySetCanceled();
        stream.TrySetCanceled();
    }

    protected override Task SerializeToStreamAsync(Stream target, TransportContext? context) =>
        SerializeToStreamAsync(target, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream target, TransportContext? context, CancellationToken cancellationToken)
    {
        // Sends the headers now: SocketsHttpHandler otherwise holds them back on a reused HTTP/2 connection until
        // the first message, and a caller that waits for response headers first would wait forever (dotnet/runtime#96223).
        await target.FlushAsync(cancellationToken);
        stream.TrySetResult(target);
        await completed.Task.WaitAsync(cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
