namespace RevOps.Grpc;

/// <summary>Per-message write flags.</summary>
[Flags]
public enum WriteFlags
{
    None = 0,
    BufferHint = 1,
    NoCompress = 2,
}
