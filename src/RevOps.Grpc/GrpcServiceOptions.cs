namespace RevOps.Grpc;

/// <summary>Server options, set with services.AddGrpc(o => ...).</summary>
public sealed class GrpcServiceOptions
{
    /// <summary>Largest request message accepted (after decompression); larger ones end with RESOURCE_EXHAUSTED. Default 4 MiB.</summary>
    public int? MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest response message sent; null for no limit.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>Compress responses with this encoding ("gzip") when the client accepts it; null sends them uncompressed.</summary>
    public string? ResponseCompressionAlgorithm { get; set; }

    /// <summary>Put unhandled exception messages into the status detail (development only).</summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>
    /// Turn an unhandled exception into a status a caller can act on (a database outage into UNAVAILABLE, so clients retry);
    /// the first non-null answer wins, and an exception none of them claims ends the call with INTERNAL.
    /// </summary>
    public IList<Func<Exception, Status?>> ExceptionStatuses { get; } = [];

    /// <summary>How often Health.Watch re-runs the health checks to notice a change.</summary>
    public TimeSpan HealthWatchInterval { get; set; } = TimeSpan.FromSeconds(1);
}
