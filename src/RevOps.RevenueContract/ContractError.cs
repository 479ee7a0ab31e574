namespace RevOps.RevenueContract;

/// <summary>One problem in a contract document: where it is (1-based line and column, dotted path) and what to do about it.</summary>
public sealed record ContractError(int Line, int Column, string Path, string Message)
{
    public override string ToString() => $"line {Line}, column {Column}: {Message}";
}
