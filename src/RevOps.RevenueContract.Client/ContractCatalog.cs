using System.Collections.Concurrent;

namespace RevOps.RevenueContract.Client;

/// <summary>
/// Every contract version this service has seen, and the active one. Events carry the version they were judged by, so a
/// consumer asks for that version; one it hasn't seen is fetched from the scoring service, which keeps the versions.
/// Version 1 is known from the start: scoring seeds the shipped default as version 1, so a service can work with it
/// while scoring is unreachable, but never guesses any other version.
/// </summary>
public sealed class ContractCatalog
{
    private readonly ConcurrentDictionary<int, ContractDocument> _versions = new();
    private static readonly TimeSpan FetchPatience = TimeSpan.FromSeconds(60);
    private readonly IContractSource? _source;
    private volatile ContractDocument _active;

    /// <param name="source">Null when no scoring address is configured: the service then runs on <paramref name="initial"/> alone.</param>
    /// <param name="initial">The version known without asking; the shipped default unless a test brings its own.</param>
    public ContractCatalog(IContractSource? source, ContractDocument? initial = null)
    {
        _source = source;
        _active = initial ?? ContractLoader.LoadDefault();
        _versions[_active.Version] = _active;
    }

    /// <summary>The version in force now: the shipped default until scoring has been asked.</summary>
    public ContractDocument Active => _active;

    /// <summary>False until scoring has confirmed which version is active.</summary>
    public bool Confirmed { get; private set; }

    /// <summary>False when no scoring address is configured.</summary>
    public bool HasSource => _source is not null;

    /// <summary>Raised after <see cref="Active"/> changed to another version.</summary>
    public event Action<ContractDocument>? ActiveChanged;

    /// <summary>The document of <paramref name="version"/>; fetched from scoring the first time (throws if it can't be).</summary>
    public async ValueTask<ContractDocument> GetAsync(int version, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version);
        if (_versions.TryGetValue(version, out var known))
        {
            return known;
        }
        var fetched = await FetchAsync(source => source.GetVersionAsync(version, cancellationToken), cancellationToken)
            ?? throw new ContractUnavailableException($"Contract v{version} is unknown to the scoring service.");
        return _versions.GetOrAdd(version, fetched);
    }

    /// <summary>Asks scoring for the active version and switches to it: scoring is the authority.</summary>
    public async Task<ContractDocument> RefreshAsync(CancellationToken cancellationToken)
    {
        var active = await RequireSource().GetActiveAsync(cancellationToken);
        active = _versions.GetOrAdd(active.Version, active);
        Confirmed = true;
        Switch(active);
        return active;
    }

    /// <summary>Switches to <paramref name="version"/> on a ContractActivated event, unless it is older than the active one.</summary>
    public async Task ActivateAsync(int version, CancellationToken cancellationToken)
    {
        // Versions only grow: a redelivered event of an earlier activation must not roll the contract back.
        if (version <= _active.Version)
        {
            return;
        }
        Switch(await GetAsync(version, cancellationToken));
    }

    /// <summary>
    /// Rides out a short scoring outage (a restart) with backoff instead of failing the message that needs the version;
    /// after that the caller's own retries take over.
    /// </summary>
    private async Task<T> FetchAsync<T>(Func<IContractSource, Task<T>> fetch, CancellationToken cancellationToken)
    {
        var source = RequireSource();
        var delay = TimeSpan.FromMilliseconds(250);
        var deadline = DateTime.UtcNow + FetchPatience;
        while (true)
        {
            try
            {
                return await fetch(source);
            }
            catch (ContractUnavailableException) when (DateTime.UtcNow + delay < deadline)
            {
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private IContractSource RequireSource() =>
        _source ?? throw new ContractUnavailableException("No scoring address is configured (services__scoring__grpc__0): only the shipped default contract is known.");

    private void Switch(ContractDocument document)
    {
        ContractDocument previous;
        lock (_versions)
        {
            previous = _active;
            _active = document;
        }
        if (previous.Version != document.Version)
        {
            ActiveChanged?.Invoke(document);
        }
    }
}

/// <summary>Where contract versions come from: the scoring service.</summary>
public interface IContractSource
{
    Task<ContractDocument> GetActiveAsync(CancellationToken cancellationToken);

    /// <summary>The version's document, or null when scoring has no such version.</summary>
    Task<ContractDocument?> GetVersionAsync(int version, CancellationToken cancellationToken);
}

/// <summary>A contract version the service needs could not be had; the work that needs it should be retried.</summary>
public sealed class ContractUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
