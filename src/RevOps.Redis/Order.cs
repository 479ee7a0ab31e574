namespace RevOps.Redis;

/// <summary>Sort order for sorted-set ranges.</summary>
public enum Order
{
    Ascending,
    Descending,
}
