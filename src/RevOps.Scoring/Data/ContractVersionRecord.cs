using RevOps.RevenueContract;

namespace RevOps.Scoring.Data;

/// <summary>A stored contract version with its signatures, as contract_versions and contract_signatures hold it.</summary>
internal sealed record ContractVersionRecord
{
    public required int Version { get; init; }
    public required string Yaml { get; init; }
    public required string ContentHash { get; init; }
    public required DateTimeOffset EffectiveFrom { get; init; }
    public required string ProposedBy { get; init; }
    public required DateTimeOffset ProposedAt { get; init; }
    public string? Comment { get; init; }
    public DateTimeOffset? ActivatedAt { get; init; }
    public DateTimeOffset? SupersededAt { get; init; }
    public IReadOnlyList<SideSignature> Signatures { get; init; } = [];

    public bool IsActive => ActivatedAt is not null && SupersededAt is null;
}
