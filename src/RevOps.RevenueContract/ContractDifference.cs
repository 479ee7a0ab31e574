namespace RevOps.RevenueContract;

/// <summary>One changed value between two contract versions, e.g. scoring.fit_criteria[company_size].points: 20 → 25.</summary>
public sealed record ContractDifference(string Path, DifferenceKind Kind, string? OldValue, string? NewValue)
{
    public override string ToString() => Kind switch
    {
        DifferenceKind.Added => $"{Path}: added {NewValue}",
        DifferenceKind.Removed => $"{Path}: removed {OldValue}",
        _ => $"{Path}: {OldValue} → {NewValue}",
    };
}
