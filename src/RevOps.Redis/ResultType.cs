namespace RevOps.Redis;

/// <summary>The RESP type a reply arrived as (RESP2 and RESP3).</summary>
public enum ResultType
{
    SimpleString,
    Error,
    Integer,
    BulkString,
    Array,
    Null,
    Double,
    Boolean,
    BigNumber,
    BlobError,
    VerbatimString,
    Map,
    Set,
    Push,
}
