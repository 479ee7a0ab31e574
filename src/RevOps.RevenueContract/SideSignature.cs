namespace RevOps.RevenueContract;

/// <summary>One side's signature on a contract version.</summary>
public sealed record SideSignature(ContractSide Side, string Signer, string? Comment, DateTimeOffset SignedAt);
