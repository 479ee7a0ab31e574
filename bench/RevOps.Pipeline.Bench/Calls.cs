using Google.Protobuf;
using Google.Protobuf.Reflection;
using RevOps.Grpc;

namespace RevOps.Pipeline.Bench;

/// <summary>Unary calls by method name, as the end-to-end tests make them (tests/RevOps.EndToEnd.Tests: Calls).</summary>
internal static class Calls
{
    public static Method<TRequest, TResponse> Method<TRequest, TResponse>(FileDescriptor file, string method)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        RevOps.Grpc.Method.Create<TRequest, TResponse>(file.Services[0].FindMethodByName(method)
            ?? throw new ArgumentException($"{file.Services[0].FullName} has no method {method}.", nameof(method)));

    public static async Task<TResponse> UnaryAsync<TRequest, TResponse>(
        CallInvoker invoker, FileDescriptor file, string method, TRequest request, CancellationToken ct)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        await UnaryAsync(invoker, Method<TRequest, TResponse>(file, method), request, TimeSpan.FromSeconds(30), ct);

    public static async Task<TResponse> UnaryAsync<TRequest, TResponse>(
        CallInvoker invoker, Method<TRequest, TResponse> method, TRequest request, TimeSpan timeout, CancellationToken ct)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        using var call = invoker.AsyncUnaryCall(method, null, new CallOptions(Deadline: DateTime.UtcNow + timeout, CancellationToken: ct), request);
        return await call.ResponseAsync;
    }
}
