using Google.Protobuf;
using RevOps.Grpc.Internal;

namespace RevOps.Grpc;

/// <summary>Starts calls on a channel, shaped like grpc-dotnet's CallInvoker.</summary>
public sealed class CallInvoker
{
    private readonly GrpcChannel channel;

    internal CallInvoker(GrpcChannel channel) => this.channel = channel;

    public AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = new GrpcCall<TRequest, TResponse>(channel, Checked(method, MethodType.Unary), options);
        return new AsyncUnaryCall<TResponse>(call.GetSingleResponseAsync(request), () => call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        AsyncUnaryCall(method, host, options, request).ResponseAsync.GetAwaiter().GetResult();

    public AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = new GrpcCall<TRequest, TResponse>(channel, Checked(method, MethodType.ServerStreaming), options);
        call.Start(request);
        return new AsyncServerStreamingCall<TResponse>(new ClientResponseStream<TRequest, TResponse>(call), () => call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var call = new GrpcCall<TRequest, TResponse>(channel, Checked(method, MethodType.ClientStreaming), options);
        var response = call.GetSingleResponseAsync(null);
        return new AsyncClientStreamingCall<TRequest, TResponse>(call.RequestStream!, response, () => call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var call = new GrpcCall<TRequest, TResponse>(channel, Checked(method, MethodType.DuplexStreaming), options);
        call.Start(null);
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(
            call.RequestStream!, new ClientResponseStream<TRequest, TResponse>(call), () => call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    private static Method<TRequest, TResponse> Checked<TRequest, TResponse>(Method<TRequest, TResponse> method, MethodType expected)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(method);
        return method.Type == expected
            ? method
            : throw new ArgumentException($"Method {method.FullName} is {method.Type}; this call needs a {expected} method.", nameof(method));
    }
}
