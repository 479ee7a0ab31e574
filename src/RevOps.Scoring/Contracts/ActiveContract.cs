using System.Collections.Concurrent;
using RevOps.RevenueContract;
using RevOps.Scoring.Data;

namespace RevOps.Scoring.Contracts;

/// <summary>
/// This replica's view of the revenue contract: the active version (swapped in place when another is activated, no restart)
/// and every version ever loaded, cached forever because a stored version never changes.
/// </summary>
internal sealed partial class ActiveContract(ContractStore store, ILogger<ActiveContract> logger)
{
    private readonly ConcurrentDictionary<int, ContractDocument> _versions = new();
    private ContractDocument? _current;

    /// <summary>The active contract; every score and event is stamped with its version.</summary>
    public ContractDocument Current => Volatile.Read(ref _current) ?? throw new InvalidOperationException("The active contract has not been loaded yet.");

    /// <summary>A version by number, from the cache or scoringdb; null when it does not exist.</summary>
    public async Task<ContractDocument?> GetVersionAsync(int version, CancellationToken cancellationToken)
    {
        if (_versions.TryGetValue(version, out var cached))
            return cached;
        var record = await store.GetAsync(version, cancellationToken);
        return record is null ? null : _versions.GetOrAdd(version, _ => ContractLoader.Load(record.Yaml));
    }

    /// <summary>Switches to the version scoringdb marks active, when it differs from the one in use.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var active = await store.GetActiveVersionAsync(cancellationToken)
            ?? throw new InvalidOperationException("scoringdb has no active contract version.");
        if (Volatile.Read(ref _current)?.Version == active)
            return;
        var document = await GetVersionAsync(active, cancellationToken)
            ?? throw new InvalidOperationException($"Active contract version {active} vanished while loading it.");
        // Only ever move forward: a slow refresh must not undo a newer one (activation always raises the version).
        while (true)
        {
            var seen = Volatile.Read(ref _current);
            if (seen is not null && seen.Version >= document.Version)
                return;
            if (Interlocked.CompareExchange(ref _current, document, seen) == seen)
            {
                LogSwitched(logger, document.Version, seen?.Version);
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Using contract version {Version} (was {PreviousVersion})")]
    private static partial void LogSwitched(ILogger logger, int version, int? previousVersion);
}
