using Google.Protobuf.WellKnownTypes;
using RevOps.Contracts.V1;
using RevOps.RevenueContract;
using RevOps.Scoring.Data;
using SideSignature = RevOps.RevenueContract.SideSignature;

namespace RevOps.Scoring.Grpc.Internal;

/// <summary>Hand-written mapping between stored contract versions and revops.v1 contract messages.</summary>
internal static class ContractMapping
{
    public static ContractVersionInfo ToInfo(ContractVersionRecord record, int? activeVersion, bool includeYaml = true)
    {
        var info = new ContractVersionInfo
        {
            Version = record.Version,
            Status = StatusOf(record, activeVersion),
            Yaml = includeYaml ? record.Yaml : "",
            ContentHash = record.ContentHash,
            EffectiveFrom = Timestamp.FromDateTimeOffset(record.EffectiveFrom),
            ProposedBy = record.ProposedBy,
            ProposedAt = Timestamp.FromDateTimeOffset(record.ProposedAt),
            Comment = record.Comment ?? "",
        };
        if (record.ActivatedAt is { } activatedAt)
            info.ActivatedAt = Timestamp.FromDateTimeOffset(activatedAt);
        info.Signatures.AddRange(record.Signatures.Select(ToSignature));
        return info;
    }

    public static ContractSide? ToSide(SigningSide side) => side switch
    {
        SigningSide.Marketing => ContractSide.Marketing,
        SigningSide.Sales => ContractSide.Sales,
        _ => null,
    };

    public static ContractChange ToChange(ContractDifference difference) => new()
    {
        Path = difference.Path,
        Kind = difference.Kind switch
        {
            DifferenceKind.Added => ChangeKind.Added,
            DifferenceKind.Removed => ChangeKind.Removed,
            _ => ChangeKind.Changed,
        },
        OldValue = difference.OldValue ?? "",
        NewValue = difference.NewValue ?? "",
    };

    private static ContractStatus StatusOf(ContractVersionRecord record, int? activeVersion) => record switch
    {
        { ActivatedAt: not null, SupersededAt: null } => ContractStatus.Active,
        { ActivatedAt: not null } => ContractStatus.Superseded,
        _ when activeVersion is { } active && record.Version < active => ContractStatus.Obsolete,
        _ => ContractStatus.Proposed,
    };

    private static RevOps.Contracts.V1.ContractSignature ToSignature(SideSignature signature) => new()
    {
        Side = signature.Side == ContractSide.Marketing ? SigningSide.Marketing : SigningSide.Sales,
        Signer = signature.Signer,
        Comment = signature.Comment ?? "",
        SignedAt = Timestamp.FromDateTimeOffset(signature.SignedAt),
    };
}
