namespace RevOps.Grpc;

/// <summary>What a handler knows about, and can set on, the call it serves.</summary>
public abstract class ServerCallContext
{
    /// <summary>The full method path, e.g. "/grpc.testing.TestService/UnaryCall".</summary>
    public abstract string Method { get; }

    public abstract string Host { get; }

    /// <summary>The remote address, e.g. "ipv4:127.0.0.1:51234".</summary>
    public abstract string Peer { get; }

    /// <summary>When the call expires (UTC); DateTime.MaxValue when the client set no deadline.</summary>
    public abstract DateTime Deadline { get; }

    public abstract Metadata RequestHeaders { get; }

    /// <summary>Cancelled when the client cancels or resets the call, the deadline passes, or the server stops.</summary>
    public abstract CancellationToken CancellationToken { get; }

    public abstract Metadata ResponseTrailers { get; }

    public abstract Status Status { get; set; }

    public abstract WriteOptions? WriteOptions { get; set; }

    /// <summary>Sends the response headers now; at most once, before the first message.</summary>
    public abstract Task WriteResponseHeadersAsync(Metadata responseHeaders);
}
