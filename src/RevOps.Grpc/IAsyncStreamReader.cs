namespace RevOps.Grpc;

/// <summary>Reads the messages of a stream one at a time.</summary>
public interface IAsyncStreamReader<out T>
{
    T Current { get; }

    Task<bool> MoveNext(CancellationToken cancellationToken);
}
