namespace RevOps.RevenueContract;

/// <summary>The loaded contract, or every error found in the document (never both).</summary>
public sealed record ContractLoadResult(ContractDocument? Contract, IReadOnlyList<ContractError> Errors)
{
    public bool IsValid => Contract is not null && Errors.Count == 0;
}
