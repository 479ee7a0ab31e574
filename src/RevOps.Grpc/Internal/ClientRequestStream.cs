using Google.Protobuf;

namespace RevOps.Grpc.Internal;

/// <summary>The request stream of a client-streaming or duplex call.</summary>
internal sealed class ClientRequestStream<TRequest>(IClientRequestSink<TRequest> call) : IClientStreamWriter<TRequest>
    where TRequest : class, IMessage<TRequest>
{
    public WriteOptions? WriteOptions { get; set; }

    public Task WriteAsync(TRequest message) => WriteAsync(message, CancellationToken.None);

    public Task WriteAsync(TRequest message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return call.WriteAsync(message, WriteOptions, cancellationToken);
    }

    public Task CompleteAsync() => call.CompleteRequestAsync();
}
