using Npgsql;

namespace RevOps.Reporting.Data;

/// <summary>
/// LISTENs on <see cref="Channel"/>, which every batch of events NOTIFYs in its transaction, so every replica's watchers hear
/// about facts written by any replica; a lost connection counts as a change, since notifications may have been missed.
/// </summary>
public sealed partial class FactsChangedListener(NpgsqlDataSource dataSource, FactsChanged changed, ILogger<FactsChangedListener> logger)
    : BackgroundService
{
    public const string Channel = "reporting_facts";
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => changed.Notify();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                    await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or IOException)
            {
                LogListenFailed(ex, RetryDelay.TotalSeconds);
                changed.Notify();
                await Task.Delay(RetryDelay, stoppingToken);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Listening for read-model changes failed; retrying in {RetrySeconds} s")]
    private partial void LogListenFailed(Exception exception, double retrySeconds);
}
