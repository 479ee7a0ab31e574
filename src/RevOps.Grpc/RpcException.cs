namespace RevOps.Grpc;

/// <summary>A call ended with a non-OK status; thrown by clients, and by handlers to choose their status.</summary>
public class RpcException : Exception
{
    public RpcException(Status status)
        : this(status, new Metadata(), status.Detail)
    {
    }

    public RpcException(Status status, string message)
        : this(status, new Metadata(), message)
    {
    }

    public RpcException(Status status, Metadata trailers)
        : this(status, trailers, status.Detail)
    {
    }

    public RpcException(Status status, Metadata trailers, string message)
        : base(string.IsNullOrEmpty(message) ? status.ToString() : message)
    {
        Status = status;
        Trailers = trailers ?? new Metadata();
    }

    public Status Status { get; }

    public StatusCode StatusCode => Status.StatusCode;

    public Metadata Trailers { get; }
}
