using Microsoft.AspNetCore.Http;

namespace RevOps.Grpc.Internal;

/// <summary>A bound method endpoint: its route path and request delegate.</summary>
internal interface IServerMethodHandler
{
    string Path { get; }

    Task HandleAsync(HttpContext httpContext);
}
