using RevOps.RevenueContract.Client;

namespace RevOps.RevenueContract.Tests;

/// <summary>The catalog's rules; against the real scoring service in RevOps.EndToEnd.Tests' ContractPropagationTests.</summary>
public sealed class ContractCatalogTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ContractDocument Version(int version) => ContractLoader.LoadDefault() with { Version = version };

    /// <summary>Serves the versions it holds; counts calls; fails while <see cref="Down"/>.</summary>
    private sealed class ScoringStandIn(params ContractDocument[] versions) : IContractSource
    {
        public int Active { get; set; } = versions.Max(v => v.Version);
        public bool Down { get; set; }
        public int VersionCalls { get; private set; }

        public Task<ContractDocument> GetActiveAsync(CancellationToken cancellationToken) =>
            Down ? throw new ContractUnavailableException("down") : Task.FromResult(versions.Single(v => v.Version == Active));

        public Task<ContractDocument?> GetVersionAsync(int version, CancellationToken cancellationToken)
        {
            VersionCalls++;
            return Down ? throw new ContractUnavailableException("down") : Task.FromResult(versions.FirstOrDefault(v => v.Version == version));
        }
    }

    [Fact]
    public async Task Starts_on_the_shipped_default_unconfirmed_and_switches_to_what_scoring_says_is_active()
    {
        var scoring = new ScoringStandIn(Version(1), Version(2));
        var catalog = new ContractCatalog(scoring);
        var switches = new List<int>();
        catalog.ActiveChanged += d => switches.Add(d.Version);

        Assert.Equal((1, false), (catalog.Active.Version, catalog.Confirmed));
        await catalog.RefreshAsync(Ct);
        Assert.Equal((2, true), (catalog.Active.Version, catalog.Confirmed));
        await catalog.RefreshAsync(Ct);
        Assert.Equal([2], switches);
    }

    [Fact]
    public async Task A_version_is_fetched_once_and_an_unknown_one_is_an_error_not_a_guess()
    {
        var scoring = new ScoringStandIn(Version(1), Version(3));
        var catalog = new ContractCatalog(scoring);

        Assert.Equal(3, (await catalog.GetAsync(3, Ct)).Version);
        Assert.Equal(3, (await catalog.GetAsync(3, Ct)).Version);
        Assert.Equal(1, scoring.VersionCalls);
        Assert.Equal(1, (await catalog.GetAsync(1, Ct)).Version); // known without asking
        Assert.Equal(1, scoring.VersionCalls);

        var unknown = await Assert.ThrowsAsync<ContractUnavailableException>(() => catalog.GetAsync(7, Ct).AsTask());
        Assert.Contains("v7", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_activation_event_never_rolls_the_contract_back()
    {
        var catalog = new ContractCatalog(new ScoringStandIn(Version(1), Version(2), Version(3)));
        await catalog.ActivateAsync(3, Ct);
        await catalog.ActivateAsync(2, Ct); // a late redelivery of the earlier activation
        Assert.Equal(3, catalog.Active.Version);
    }

    [Fact]
    public async Task Without_a_scoring_address_only_the_initial_version_is_known_and_the_error_says_what_to_set()
    {
        var catalog = new ContractCatalog(source: null);
        Assert.False(catalog.HasSource);
        Assert.Equal(1, (await catalog.GetAsync(1, Ct)).Version);
        var missing = await Assert.ThrowsAsync<ContractUnavailableException>(() => catalog.GetAsync(2, Ct).AsTask());
        Assert.Contains("services__scoring__grpc__0", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fetch_rides_out_a_short_scoring_outage()
    {
        var scoring = new ScoringStandIn(Version(1), Version(2)) { Down = true };
        var catalog = new ContractCatalog(scoring);
        var fetch = catalog.GetAsync(2, Ct).AsTask();
        // Scoring comes back after the first failed attempt; the fetch retries instead of failing the message.
        while (scoring.VersionCalls < 2)
        {
            await Task.Delay(20, Ct);
        }
        scoring.Down = false;
        Assert.Equal(2, (await fetch.WaitAsync(TimeSpan.FromSeconds(30), Ct)).Version);
    }
}
