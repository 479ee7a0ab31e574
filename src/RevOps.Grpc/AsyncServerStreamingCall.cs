namespace RevOps.Grpc;

/// <summary>A running server-streaming call; read ResponseStream to the end.</summary>
public sealed class AsyncServerStreamingCall<TResponse>(
    IAsyncStreamReader<TResponse> responseStream, Func<Task<Metadata>> responseHeaders, Func<Status> getStatus, Func<Metadata> getTrailers, Action dispose) : IDisposable
{
    public IAsyncStreamReader<TResponse> ResponseStream => responseStream;

    public Task<Metadata> ResponseHeadersAsync => responseHeaders();

    public Status GetStatus() => getStatus();

    public Metadata GetTrailers() => getTrailers();

    public void Dispose() => dispose();
}
