using System.Runtime.CompilerServices;

namespace RevOps.Grpc;

/// <summary>A running unary call; await it for the response.</summary>
public sealed class AsyncUnaryCall<TResponse>(
    Task<TResponse> responseAsync, Func<Task<Metadata>> responseHeaders, Func<Status> getStatus, Func<Metadata> getTrailers, Action dispose) : IDisposable
{
    public Task<TResponse> ResponseAsync => responseAsync;

    public Task<Metadata> ResponseHeadersAsync => responseHeaders();

    public TaskAwaiter<TResponse> GetAwaiter() => responseAsync.GetAwaiter();

    public Status GetStatus() => getStatus();

    public Metadata GetTrailers() => getTrailers();

    public void Dispose() => dispose();
}
