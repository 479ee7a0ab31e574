using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace RevOps.Grpc.Internal;

/// <summary>HTTP-level checks before a request is treated as a gRPC call.</summary>
internal static class ServerCallGuard
{
    /// <summary>True for a POST with a gRPC content type over HTTP/2; otherwise writes 405, 415 or 426 and returns false.</summary>
    public static bool Accepts(HttpContext httpContext)
    {
        var request = httpContext.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            httpContext.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            httpContext.Response.Headers[HeaderNames.Allow] = "POST";
            return false;
        }
        if (!GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            httpContext.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return false;
        }
        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            // gRPC needs trailers; HTTP/1.1 responses here can't carry them.
            httpContext.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            httpContext.Response.Headers[HeaderNames.Upgrade] = "h2c";
            return false;
        }
        return true;
    }
}
