using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RevOps.RevenueContract.Client;

/// <summary>
/// Asks scoring for the active contract at start (retrying with backoff while scoring is not up yet), then every
/// <see cref="CheckInterval"/>: the ContractActivated queue is per process, so activations while it was down are caught here.
/// </summary>
public sealed partial class ContractCatalogRefresher(ContractCatalog catalog, ILogger<ContractCatalogRefresher> logger) : BackgroundService
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!catalog.HasSource)
        {
            LogNoSource(logger, catalog.Active.Version);
            return;
        }
        var retryDelay = TimeSpan.FromMilliseconds(500);
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var before = catalog.Active.Version;
                var active = await catalog.RefreshAsync(stoppingToken);
                if (active.Version != before)
                {
                    LogSwitched(logger, before, active.Version);
                }
                retryDelay = TimeSpan.FromMilliseconds(500);
                wait = CheckInterval;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRefreshFailed(logger, ex, catalog.Active.Version);
                wait = retryDelay;
                retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
            }
            await Task.Delay(wait, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No scoring address configured: judging by the shipped default contract v{Version} only")]
    private static partial void LogNoSource(ILogger logger, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Active contract v{Previous} -> v{Version}")]
    private static partial void LogSwitched(ILogger logger, int previous, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ask scoring for the active contract; still on v{Version}")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, int version);
}
