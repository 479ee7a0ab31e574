using Microsoft.AspNetCore.Http;
using RevOps.Grpc.Internal;

namespace RevOps.Grpc;

public static class ServerCallContextExtensions
{
    /// <summary>The HttpContext behind a call served by this server.</summary>
    public static HttpContext GetHttpContext(this ServerCallContext context) =>
        (context as HttpServerCallContext)?.HttpContext
        ?? throw new InvalidOperationException("This ServerCallContext is not backed by an HTTP request.");
}
