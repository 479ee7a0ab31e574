namespace RevOps.RevenueContract;

public enum DifferenceKind
{
    Added = 0,
    Removed = 1,
    Changed = 2,
}
