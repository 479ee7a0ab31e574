namespace RevOps.Grpc;

/// <summary>Per-call options: metadata, deadline, cancellation, compression and retry eligibility.</summary>
public readonly record struct CallOptions(
    Metadata? Headers = null,
    DateTime? Deadline = null,
    CancellationToken CancellationToken = default,
    WriteOptions? WriteOptions = null,
    bool IsIdempotent = false)
{
    /// <summary>The grpc-dotnet header that asks for request compression ("gzip"); never sent on the wire.</summary>
    public const string RequestEncodingHeader = "grpc-internal-encoding-request";

    public CallOptions WithHeaders(Metadata headers) => this with { Headers = headers };

    public CallOptions WithDeadline(DateTime deadline) => this with { Deadline = deadline };

    public CallOptions WithCancellationToken(CancellationToken cancellationToken) => this with { CancellationToken = cancellationToken };

    /// <summary>Compresses request messages with the given encoding ("gzip").</summary>
    public CallOptions WithRequestCompression(string encoding)
    {
        var headers = new Metadata();
        foreach (var entry in Headers ?? [])
        {
            headers.Add(entry);
        }
        headers.Add(RequestEncodingHeader, encoding);
        return this with { Headers = headers };
    }
}
