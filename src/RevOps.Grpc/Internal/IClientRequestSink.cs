namespace RevOps.Grpc.Internal;

/// <summary>Where a client request stream sends its messages.</summary>
internal interface IClientRequestSink<in TRequest>
{
    Task WriteAsync(TRequest message, WriteOptions? writeOptions, CancellationToken cancellationToken);

    Task CompleteRequestAsync();
}
