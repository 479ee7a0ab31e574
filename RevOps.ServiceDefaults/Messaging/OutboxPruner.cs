using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace RevOps.ServiceDefaults.Messaging;

/// <summary>
/// Deletes outbox rows the broker confirmed more than <c>Messaging:OutboxRetention</c> ago (1 hour by default): after that
/// nothing reads them, and at a thousand leads a second every service's outbox would grow by millions of rows an hour.
/// Unpublished rows are never touched. Replicas may prune at once: each takes rows the others have not locked.
/// </summary>
public sealed partial class OutboxPruner(NpgsqlDataSource dataSource, IConfiguration configuration, ILogger<OutboxPruner> logger)
    : BackgroundService
{
    /// <summary>Rows looked at per statement, from the oldest: the outbox is in publish order, so old rows come first.</summary>
    private const int Window = 10_000;
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    public TimeSpan Retention { get; } = configuration.GetValue("Messaging:OutboxRetention", TimeSpan.FromHours(1));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PruneAsync(Retention, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogPruneFailed(logger, ex);
            }
            await Task.Delay(Interval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Deletes the rows published more than <paramref name="retention"/> ago by the database's clock (which stamped them); returns how many.</summary>
    public async Task<long> PruneAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        // Each statement reads only the oldest rows, so a table of recent rows costs one short index scan, not a full one.
        await using var command = dataSource.CreateCommand($"""
            DELETE FROM outbox WHERE sequence IN (
                SELECT sequence FROM (SELECT sequence, published_at FROM outbox ORDER BY sequence LIMIT {Window} FOR UPDATE SKIP LOCKED) head
                WHERE published_at < now() - $1)
            """);
        command.Parameters.Add(new() { Value = retention });
        long deleted = 0;
        int round;
        while ((round = await command.ExecuteNonQueryAsync(cancellationToken)) > 0)
            deleted += round;
        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox pruning failed; trying again in a minute")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
