namespace RevOps.Grpc;

/// <summary>Writes the messages of a stream one at a time.</summary>
public interface IAsyncStreamWriter<in T>
{
    WriteOptions? WriteOptions { get; set; }

    Task WriteAsync(T message);

    Task WriteAsync(T message, CancellationToken cancellationToken);
}
