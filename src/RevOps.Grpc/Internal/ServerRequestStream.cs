using Google.Protobuf;

namespace RevOps.Grpc.Internal;

/// <summary>The request messages of a streaming call, read from the HTTP/2 request body.</summary>
internal sealed class ServerRequestStream<T>(HttpServerCallContext call, MessageParser<T> parser) : IAsyncStreamReader<T>
    where T : class, IMessage<T>
{
    private T? current;
    private bool completed;

    public T Current => current ?? throw new InvalidOperationException("Call MoveNext and check it returned true before reading Current.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (completed)
        {
            return false;
        }
        var token = cancellationToken.CanBeCanceled ? cancellationToken : call.CancellationToken;
        current = await call.ReadMessageAsync(parser, token);
        completed = current is null;
        return !completed;
    }
}
