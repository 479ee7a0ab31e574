using System.Net;

namespace RevOps.Grpc.Internal;

/// <summary>A pre-framed request body; no Content-Length, as gRPC peers expect.</summary>
internal sealed class UnaryRequestContent(byte[] frame) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(frame).AsTask();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(frame, cancellationToken).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
