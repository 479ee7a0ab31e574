namespace RevOps.Scoring.Data;

/// <summary>The version after a signature, and whether that signature activated it.</summary>
internal sealed record SignResult(ContractVersionRecord Contract, bool Activated);
