namespace RevOps.Grpc;

/// <summary>The request stream of a client-streaming or duplex call.</summary>
public interface IClientStreamWriter<in T> : IAsyncStreamWriter<T>
{
    /// <summary>Ends the request stream (half-close).</summary>
    Task CompleteAsync();
}
