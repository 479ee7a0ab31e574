namespace RevOps.Grpc;

/// <summary>Client channel options.</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>Largest response message accepted; larger ones end the call with RESOURCE_EXHAUSTED. Default 4 MiB.</summary>
    public int? MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest request message sent; null for no limit.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>Attempts for calls marked idempotent that end UNAVAILABLE, the first included.</summary>
    public int MaxAttempts { get; set; } = 4;

    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long an address that refused a connection is skipped by round-robin.</summary>
    public TimeSpan FailedAddressCooldown { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Replaces the channel's own SocketsHttpHandler (e.g. for tests); the channel disposes it only when DisposeHttpHandler is set.</summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    public bool DisposeHttpHandler { get; set; }
}
