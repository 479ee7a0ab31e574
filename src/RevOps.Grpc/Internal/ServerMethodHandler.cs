using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace RevOps.Grpc.Internal;

/// <summary>Serves one method of one handler class; its delegates are bound once at start-up.</summary>
internal sealed partial class ServerMethodHandler<THandler, TRequest, TResponse> : IServerMethodHandler
    where THandler : class
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly Method<TRequest, TResponse> method;
    private readonly HandlerActivator<THandler> activator;
    private readonly GrpcServiceOptions options;
    private readonly ILogger logger;
    private readonly Func<THandler, TRequest, ServerCallContext, Task<TResponse>>? unary;
    private readonly Func<THandler, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task>? serverStreaming;
    private readonly Func<THandler, IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>>? clientStreaming;
    private readonly Func<THandler, IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task>? duplex;

    public ServerMethodHandler(Method<TRequest, TResponse> method, Delegate invoker, HandlerActivator<THandler> activator, GrpcServiceOptions options, ILogger logger)
    {
        this.method = method;
        this.activator = activator;
        this.options = options;
        this.logger = logger;
        unary = invoker as Func<THandler, TRequest, ServerCallContext, Task<TResponse>>;
        serverStreaming = invoker as Func<THandler, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task>;
        clientStreaming = invoker as Func<THandler, IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>>;
        duplex = invoker as Func<THandler, IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task>;
    }

    public string Path => method.FullName;

    public async Task HandleAsync(HttpContext httpContext)
    {
        if (!ServerCallGuard.Accepts(httpContext))
        {
            return;
        }
        using var call = new HttpServerCallContext(httpContext, options, method.FullName);
        var startError = call.Initialize();
        if (startError is { } error)
        {
            call.Status = error;
            call.SetStatusAndTrailers();
            return;
        }
        THandler? handler = null;
        try
        {
            handler = activator.Create(httpContext.RequestServices);
            switch (method.Type)
            {
                case MethodType.Unary:
                {
                    var request = await ReadSingleRequestAsync(call);
                    var response = await unary!(handler, request, call);
                    await call.WriteMessageAsync(response, flush: false, call.CancellationToken);
                    break;
                }
                case MethodType.ServerStreaming:
                {
                    var request = await ReadSingleRequestAsync(call);
                    await serverStreaming!(handler, request, new ServerResponseStream<TResponse>(call), call);
                    break;
                }
                case MethodType.ClientStreaming:
                {
                    var response = await clientStreaming!(handler, new ServerRequestStream<TRequest>(call, method.RequestParser), call);
                    await call.WriteMessageAsync(response, flush: false, call.CancellationToken);
                    break;
                }
                default:
                    await duplex!(handler, new ServerRequestStream<TRequest>(call, method.RequestParser), new ServerResponseStream<TResponse>(call), call);
                    break;
            }
        }
        catch (Exception exception)
        {
            call.Status = StatusFor(exception, call);
            if (exception is RpcException rpc)
            {
                foreach (var entry in rpc.Trailers)
                {
                    call.ResponseTrailers.Add(entry);
                }
            }
        }
        finally
        {
            await activator.ReleaseAsync(handler);
        }
        if (call.DeadlineExceeded)
        {
            call.Status = new Status(StatusCode.DeadlineExceeded, "Deadline exceeded.");
        }
        if (httpContext.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        call.SetStatusAndTrailers();
    }

    private async ValueTask<TRequest> ReadSingleRequestAsync(HttpServerCallContext call)
    {
        var request = await call.ReadMessageAsync(method.RequestParser, call.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.Unimplemented, "No request message: a unary request needs exactly one."));
        if (await call.ReadMessageAsync(method.RequestParser, call.CancellationToken) is not null)
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, "More than one request message: a unary request needs exactly one."));
        }
        return request;
    }

    private Status StatusFor(Exception exception, HttpServerCallContext call)
    {
        if (call.DeadlineExceeded)
        {
            return new Status(StatusCode.DeadlineExceeded, "Deadline exceeded.");
        }
        switch (exception)
        {
            case RpcException rpc:
                return rpc.Status;
            case OperationCanceledException when call.HttpContext.RequestAborted.IsCancellationRequested:
                return new Status(StatusCode.Cancelled, "The call was cancelled.");
            default:
                foreach (var map in options.ExceptionStatuses)
                {
                    if (map(exception) is { } mapped)
                    {
                        LogHandlerMapped(logger, method.FullName, mapped.StatusCode, exception.Message);
                        return mapped;
                    }
                }
                LogHandlerFailed(logger, exception, method.FullName);
                return new Status(StatusCode.Internal, options.EnableDetailedErrors
                    ? $"Exception was thrown by handler. {exception.GetType().Name}: {exception.Message}"
                    : "Exception was thrown by handler.");
        }
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "gRPC handler for {GrpcMethod} ended with {StatusCode}: {Reason}")]
    private static partial void LogHandlerMapped(ILogger logger, string grpcMethod, StatusCode statusCode, string reason);

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "gRPC handler for {GrpcMethod} threw")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string grpcMethod);
}
