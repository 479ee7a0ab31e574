using Google.Protobuf;

namespace RevOps.Grpc.Internal;

/// <summary>The response messages of a streaming call; each write is flushed as its own DATA frame.</summary>
internal sealed class ServerResponseStream<T>(HttpServerCallContext call) : IServerStreamWriter<T>
    where T : class, IMessage<T>
{
    public WriteOptions? WriteOptions
    {
        get => call.WriteOptions;
        set => call.WriteOptions = value;
    }

    public Task WriteAsync(T message) => WriteAsync(message, call.CancellationToken);

    public Task WriteAsync(T message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return call.WriteMessageAsync(message, flush: true, cancellationToken).AsTask();
    }
}
