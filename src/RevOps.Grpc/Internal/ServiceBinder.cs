using System.Reflection;
using Google.Protobuf.Reflection;
using Microsoft.Extensions.Logging;

namespace RevOps.Grpc.Internal;

/// <summary>Binds a handler class's public methods to a service descriptor's methods, once, at start-up.</summary>
internal static class ServiceBinder
{
    /// <summary>One handler per descriptor method that the class implements; the names of the ones it doesn't.</summary>
    public static (List<IServerMethodHandler> Bound, List<string> Unimplemented) Bind<THandler>(
        ServiceDescriptor service, GrpcServiceOptions options, ILogger logger, bool registeredInContainer)
        where THandler : class
    {
        var activator = new HandlerActivator<THandler>(registeredInContainer);
        var bound = new List<IServerMethodHandler>();
        var unimplemented = new List<string>();
        foreach (var descriptor in service.Methods)
        {
            var candidates = typeof(THandler).GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Where(m => m.Name == descriptor.Name)
                .ToList();
            if (candidates.Count == 0)
            {
                unimplemented.Add($"/{service.FullName}/{descriptor.Name}");
                continue;
            }
            if (candidates.Count > 1)
            {
                throw new InvalidOperationException($"{typeof(THandler).FullName} has {candidates.Count} public methods named {descriptor.Name}; a gRPC handler needs exactly one.");
            }
            var requestType = descriptor.InputType.ClrType;
            var responseType = descriptor.OutputType.ClrType;
            var bindMethod = typeof(ServiceBinder).GetMethod(nameof(BindMethod), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(typeof(THandler), requestType, responseType);
            bound.Add((IServerMethodHandler)bindMethod.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [descriptor, candidates[0], activator, options, logger], null)!);
        }
        return (bound, unimplemented);
    }

    private static IServerMethodHandler BindMethod<THandler, TRequest, TResponse>(
        MethodDescriptor descriptor, MethodInfo handlerMethod, HandlerActivator<THandler> activator, GrpcServiceOptions options, ILogger logger)
        where THandler : class
        where TRequest : class, Google.Protobuf.IMessage<TRequest>
        where TResponse : class, Google.Protobuf.IMessage<TResponse>
    {
        var method = Method.Create<TRequest, TResponse>(descriptor);
        var (delegateType, expected) = method.Type switch
        {
            MethodType.Unary => (typeof(Func<THandler, TRequest, ServerCallContext, Task<TResponse>>),
                $"Task<{typeof(TResponse).Name}> {descriptor.Name}({typeof(TRequest).Name} request, ServerCallContext context)"),
            MethodType.ServerStreaming => (typeof(Func<THandler, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task>),
                $"Task {descriptor.Name}({typeof(TRequest).Name} request, IServerStreamWriter<{typeof(TResponse).Name}> responseStream, ServerCallContext context)"),
            MethodType.ClientStreaming => (typeof(Func<THandler, IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>>),
                $"Task<{typeof(TResponse).Name}> {descriptor.Name}(IAsyncStreamReader<{typeof(TRequest).Name}> requestStream, ServerCallContext context)"),
            _ => (typeof(Func<THandler, IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task>),
                $"Task {descriptor.Name}(IAsyncStreamReader<{typeof(TRequest).Name}> requestStream, IServerStreamWriter<{typeof(TResponse).Name}> responseStream, ServerCallContext context)"),
        };
        var invoke = delegateType.GetMethod("Invoke")!;
        var expectedParameters = invoke.GetParameters().Skip(1).Select(p => p.ParameterType).ToArray();
        var actualParameters = handlerMethod.GetParameters().Select(p => p.ParameterType).ToArray();
        if (handlerMethod.ReturnType != invoke.ReturnType || !expectedParameters.SequenceEqual(actualParameters))
        {
            throw new InvalidOperationException(
                $"{typeof(THandler).FullName}.{handlerMethod.Name} does not match {method.Type} method {method.FullName}: " +
                $"it must be declared as `public {expected}`.");
        }
        var invoker = Delegate.CreateDelegate(delegateType, null, handlerMethod);
        return new ServerMethodHandler<THandler, TRequest, TResponse>(method, invoker, activator, options, logger);
    }
}
