using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace RevOps.Grpc;

/// <summary>Creates typed method definitions from protobuf descriptors.</summary>
public static class Method
{
    /// <summary>A typed method from its descriptor; throws when TRequest/TResponse are not the descriptor's message types.</summary>
    public static Method<TRequest, TResponse> Create<TRequest, TResponse>(MethodDescriptor descriptor)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (descriptor.InputType.ClrType != typeof(TRequest) || descriptor.OutputType.ClrType != typeof(TResponse))
        {
            throw new ArgumentException(
                $"Method {descriptor.FullName} takes {descriptor.InputType.ClrType?.Name} and returns {descriptor.OutputType.ClrType?.Name}, " +
                $"not {typeof(TRequest).Name} and {typeof(TResponse).Name}.",
                nameof(descriptor));
        }
        return new Method<TRequest, TResponse>(TypeOf(descriptor), descriptor.Service.FullName, descriptor.Name);
    }

    /// <summary>A typed method by service and method name, e.g. ("grpc.testing.TestService", "UnaryCall", MethodType.Unary).</summary>
    public static Method<TRequest, TResponse> Create<TRequest, TResponse>(string serviceName, string methodName, MethodType type)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        new(type, serviceName, methodName);

    internal static MethodType TypeOf(MethodDescriptor descriptor) => (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
    {
        (false, false) => MethodType.Unary,
        (true, false) => MethodType.ClientStreaming,
        (false, true) => MethodType.ServerStreaming,
        (true, true) => MethodType.DuplexStreaming,
    };
}

/// <summary>A gRPC method: its kind, path and message parsers.</summary>
public sealed class Method<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private static readonly MessageParser<TRequest> RequestParserInstance = CreateParser<TRequest>();
    private static readonly MessageParser<TResponse> ResponseParserInstance = CreateParser<TResponse>();

    public Method(MethodType type, string serviceName, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceName);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Type = type;
        ServiceName = serviceName;
        Name = name;
        FullName = $"/{serviceName}/{name}";
    }

    public MethodType Type { get; }

    public string ServiceName { get; }

    public string Name { get; }

    /// <summary>The HTTP/2 path, "/package.Service/Method".</summary>
    public string FullName { get; }

    internal MessageParser<TRequest> RequestParser => RequestParserInstance;

    internal MessageParser<TResponse> ResponseParser => ResponseParserInstance;

    private static MessageParser<T> CreateParser<T>()
        where T : class, IMessage<T> =>
        (MessageParser<T>)typeof(T).GetProperty("Parser")!.GetValue(null)!;
}
