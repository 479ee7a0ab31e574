namespace RevOps.Grpc;

/// <summary>Options for writing messages, e.g. NoCompress to send one message uncompressed.</summary>
public sealed class WriteOptions(WriteFlags flags = WriteFlags.None)
{
    public static readonly WriteOptions Default = new();

    public WriteFlags Flags { get; } = flags;
}
