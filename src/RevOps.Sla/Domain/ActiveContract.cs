using RevOps.RevenueContract;

namespace RevOps.Sla.Domain;

/// <summary>
/// The contract the service judges clocks by. Until scoring serves revops.v1.RevenueContract GetActive, this is the
/// contract shipped with the repository, and every version is judged by it.
/// </summary>
public sealed class ActiveContract(ContractDocument contract)
{
    private readonly SlaRules _rules = new(contract);

    public int Version => _rules.ContractVersion;

    /// <summary>The rules for <paramref name="contractVersion"/> (for now: the loaded version's rules).</summary>
    public SlaRules RulesFor(int contractVersion) => _rules;
}
