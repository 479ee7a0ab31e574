using System.Collections.Concurrent;
using RevOps.RevenueContract.Client;
using RevOps.Routing.Data;

namespace RevOps.Routing.Domain;

/// <summary>The routing rules a decision is made by, per contract version.</summary>
public interface IRoutingRules
{
    /// <summary>The version in force now: previews and reassignments are judged by it.</summary>
    int ActiveVersion { get; }

    /// <exception cref="ContractUnavailableException">The version could not be fetched; the message should be retried.</exception>
    ValueTask<RuleSet> RulesForAsync(int contractVersion, CancellationToken cancellationToken);
}

/// <summary>
/// Each contract version's routing section, compiled the first time routing needs it, its teams written to routingdb
/// before any lead is routed by it.
/// </summary>
public sealed class RoutingContracts(ContractCatalog catalog, AssignmentStore store) : IRoutingRules
{
    private readonly ConcurrentDictionary<int, RoutingContract> _compiled = new();

    public int ActiveVersion => catalog.Active.Version;

    public async ValueTask<RuleSet> RulesForAsync(int contractVersion, CancellationToken cancellationToken) =>
        (await GetAsync(contractVersion, cancellationToken)).Rules;

    public async ValueTask<RoutingContract> GetAsync(int contractVersion, CancellationToken cancellationToken)
    {
        if (_compiled.TryGetValue(contractVersion, out var compiled))
        {
            return compiled;
        }
        compiled = new RoutingContract(await catalog.GetAsync(contractVersion, cancellationToken));
        foreach (var team in compiled.Teams)
        {
            await store.UpsertTeamAsync(team, cancellationToken);
        }
        return _compiled.GetOrAdd(contractVersion, compiled);
    }
}
