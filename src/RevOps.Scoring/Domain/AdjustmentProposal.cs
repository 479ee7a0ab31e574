using RevOps.RevenueContract;

namespace RevOps.Scoring.Domain;

/// <summary>The feedback loop's answer: per-criterion rates against the average, proposed point changes, and the proposed contract.</summary>
public sealed record AdjustmentProposal
{
    public required int BaseVersion { get; init; }
    public required int Dispositioned { get; init; }
    public required double BaselineAcceptanceRate { get; init; }
    public required double BaselineConversionRate { get; init; }
    public required double BaselineFitRejectionRate { get; init; }
    public required IReadOnlyList<CriterionPerformance> Criteria { get; init; }
    public required IReadOnlyList<PointAdjustment> Changes { get; init; }

    /// <summary>The base contract with the changes applied and the next version number; null when nothing changes or it would not validate.</summary>
    public ContractDocument? Proposed { get; init; }

    /// <summary>Canonical YAML of <see cref="Proposed"/>, ready for Propose; it still needs both signatures.</summary>
    public string? ProposedYaml { get; init; }

    /// <summary>Why the changes could not become a valid contract (e.g. the threshold would be unreachable).</summary>
    public IReadOnlyList<ContractError> Problems { get; init; } = [];
}
