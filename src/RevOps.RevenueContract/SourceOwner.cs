namespace RevOps.RevenueContract;

/// <summary>Which team a lead source belongs to, for the pipeline source mix.</summary>
public enum SourceOwner
{
    Unknown = 0,
    Marketing = 1,
    Sales = 2,
}
