using System.Runtime.CompilerServices;

namespace RevOps.Grpc;

/// <summary>A running client-streaming call: write RequestStream, complete it, then await the response.</summary>
public sealed class AsyncClientStreamingCall<TRequest, TResponse>(
    IClientStreamWriter<TRequest> requestStream, Task<TResponse> responseAsync, Func<Task<Metadata>> responseHeaders,
    Func<Status> getStatus, Func<Metadata> getTrailers, Action dispose) : IDisposable
{
    public IClientStreamWriter<TRequest> RequestStream => requestStream;

    public Task<TResponse> ResponseAsync => responseAsync;

    public Task<Metadata> ResponseHeadersAsync => responseHeaders();

    public TaskAwaiter<TResponse> GetAwaiter() => responseAsync.GetAwaiter();

    public Status GetStatus() => getStatus();

    public Metadata GetTrailers() => getTrailers();

    public void Dispose() => dispose();
}
