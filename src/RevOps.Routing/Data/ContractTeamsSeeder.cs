using RevOps.RevenueContract;
using RevOps.RevenueContract.Client;
using RevOps.Routing.Domain;

namespace RevOps.Routing.Data;

/// <summary>
/// Writes the active contract's teams to routingdb at start-up (after the migrations) and whenever another version becomes
/// active, so reps can join them before the first lead is routed to them.
/// </summary>
public sealed partial class ContractTeamsSeeder(ContractCatalog catalog, RoutingContracts contracts, ILogger<ContractTeamsSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        catalog.ActiveChanged += OnActiveChanged;
        await SeedAsync(catalog.Active.Version, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        catalog.ActiveChanged -= OnActiveChanged;
        return Task.CompletedTask;
    }

    private async Task SeedAsync(int contractVersion, CancellationToken cancellationToken)
    {
        var contract = await contracts.GetAsync(contractVersion, cancellationToken);
        LogSeeded(logger, contract.Teams.Count, contract.Version);
    }

    private async void OnActiveChanged(ContractDocument active)
    {
        try
        {
            await SeedAsync(active.Version, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Not fatal: routing by this version writes its teams again before the first lead.
            LogSeedFailed(logger, ex, active.Version);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Routing teams from contract v{ContractVersion}: {TeamCount} upserted")]
    private static partial void LogSeeded(ILogger logger, int teamCount, int contractVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the teams of contract v{ContractVersion}")]
    private static partial void LogSeedFailed(ILogger logger, Exception exception, int contractVersion);
}
