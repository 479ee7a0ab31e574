using Npgsql;
using RevOps.Scoring.Data;

namespace RevOps.Scoring.Contracts;

/// <summary>
/// Before the replica serves: seeds the default contract into an empty scoringdb and loads the active version. Then keeps
/// it current: LISTEN contract_activated switches at once, a periodic check covers notifications missed while reconnecting.
/// </summary>
internal sealed partial class ActiveContractMonitor(
    ContractStore store, ActiveContract activeContract, NpgsqlDataSource dataSource, ILogger<ActiveContractMonitor> logger) : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _listening;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.SeedDefaultAsync(cancellationToken);
        await activeContract.RefreshAsync(cancellationToken);
        _listening = ListenAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_listening is not null)
            await _listening.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _stopping.Dispose();
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {ContractStore.ActivationChannel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                // A version activated between the first load and LISTEN would otherwise wait for the periodic check.
                await activeContract.RefreshAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(CheckInterval, stoppingToken);
                    await activeContract.RefreshAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogListenFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching for contract activations failed; retrying")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);
}
