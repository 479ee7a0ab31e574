namespace RevOps.Grpc;

/// <summary>A running bidirectional call: write RequestStream and read ResponseStream concurrently.</summary>
public sealed class AsyncDuplexStreamingCall<TRequest, TResponse>(
    IClientStreamWriter<TRequest> requestStream, IAsyncStreamReader<TResponse> responseStream, Func<Task<Metadata>> responseHeaders,
    Func<Status> getStatus, Func<Metadata> getTrailers, Action dispose) : IDisposable
{
    public IClientStreamWriter<TRequest> RequestStream => requestStream;

    public IAsyncStreamReader<TResponse> ResponseStream => responseStream;

    public Task<Metadata> ResponseHeadersAsync => responseHeaders();

    public Status GetStatus() => getStatus();

    public Metadata GetTrailers() => getTrailers();

    public void Dispose() => dispose();
}
