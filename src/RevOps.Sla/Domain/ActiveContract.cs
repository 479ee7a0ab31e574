using System.Collections.Concurrent;
using RevOps.RevenueContract.Client;

namespace RevOps.Sla.Domain;

/// <summary>
/// The SLA rules of each contract version: a clock runs by the version its assignment was judged by, fetched from the
/// scoring service the first time it is needed.
/// </summary>
public sealed class ActiveContract(ContractCatalog catalog)
{
    private readonly ConcurrentDictionary<int, SlaRules> _rules = new();

    public int Version => catalog.Active.Version;

    /// <exception cref="ContractUnavailableException">The version could not be fetched; the message should be retried.</exception>
    public async ValueTask<SlaRules> RulesForAsync(int contractVersion, CancellationToken cancellationToken) =>
        _rules.TryGetValue(contractVersion, out var rules)
            ? rules
            : _rules.GetOrAdd(contractVersion, new SlaRules(await catalog.GetAsync(contractVersion, cancellationToken)));
}
