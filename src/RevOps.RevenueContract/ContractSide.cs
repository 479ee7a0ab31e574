namespace RevOps.RevenueContract;

/// <summary>The two parties who must both sign a contract version.</summary>
public enum ContractSide
{
    Marketing = 1,
    Sales = 2,
}
