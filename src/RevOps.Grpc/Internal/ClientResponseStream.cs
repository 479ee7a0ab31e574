using Google.Protobuf;

namespace RevOps.Grpc.Internal;

/// <summary>The response messages of a server-streaming or duplex call.</summary>
internal sealed class ClientResponseStream<TRequest, TResponse>(GrpcCall<TRequest, TResponse> call) : IAsyncStreamReader<TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public TResponse Current => call.Current;

    public Task<bool> MoveNext(CancellationToken cancellationToken) => call.MoveNextAsync(cancellationToken);
}
