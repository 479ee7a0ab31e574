using System.Buffers;
using System.IO.Compression;

namespace RevOps.Grpc.Internal;

/// <summary>gzip for message payloads, with a size limit checked while inflating.</summary>
internal static class GrpcCompression
{
    public static byte[] Compress(ReadOnlySpan<byte> payload)
    {
        using var output = new MemoryStream(payload.Length / 2 + 32);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(payload);
        }
        return output.ToArray();
    }

    /// <summary>Inflates a payload; throws RpcException RESOURCE_EXHAUSTED past maxSize, INTERNAL when corrupt.</summary>
    public static byte[] Decompress(in ReadOnlySequence<byte> payload, int? maxSize)
    {
        try
        {
            using var input = new MemoryStream(payload.ToArray());
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                int read;
                while ((read = gzip.Read(buffer, 0, buffer.Length)) > 0)
                {
                    output.Write(buffer, 0, read);
                    if (maxSize is { } max && output.Length > max)
                    {
                        throw new RpcException(new Status(StatusCode.ResourceExhausted, $"Decompressed message exceeds the limit of {max} bytes."));
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            throw new RpcException(new Status(StatusCode.Internal, "Compressed message is not valid gzip."));
        }
    }
}
