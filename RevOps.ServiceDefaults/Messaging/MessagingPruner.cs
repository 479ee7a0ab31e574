using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace RevOps.ServiceDefaults.Messaging;

/// <summary>
/// Keeps the messaging tables from growing without end (at a thousand leads a second every service's would grow by millions
/// of rows an hour), judged by the database's clock, which stamped the rows. Replicas may prune at once.
/// <list type="bullet">
/// <item>Outbox rows the broker confirmed more than <c>Messaging:OutboxRetention</c> ago (1 hour by default): nothing reads
/// them after that. Unpublished and set-aside rows are never touched.</item>
/// <item>Inbox rows recorded more than <c>Messaging:InboxRetention</c> ago (7 days by default). An inbox row is what makes a
/// redelivery change nothing, and a message handled but not acknowledged comes back whenever its consumer does: the retention
/// must outlast the longest outage a consumer could have.</item>
/// </list>
/// </summary>
public sealed partial class MessagingPruner(NpgsqlDataSource dataSource, IConfiguration configuration, ILogger<MessagingPruner> logger)
    : BackgroundService
{
    /// <summary>Rows looked at (outbox) or deleted (inbox) per statement, so no statement holds many locks or runs long.</summary>
    private const int Window = 10_000;
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    public TimeSpan OutboxRetention { get; } = configuration.GetValue("Messaging:OutboxRetention", TimeSpan.FromHours(1));
    public TimeSpan InboxRetention { get; } = configuration.GetValue("Messaging:InboxRetention", TimeSpan.FromDays(7));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PruneOutboxAsync(OutboxRetention, stoppingToken);
                await PruneInboxAsync(InboxRetention, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogPruneFailed(logger, ex);
            }
            await Task.Delay(Interval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Deletes the outbox rows published more than <paramref name="retention"/> ago; returns how many.</summary>
    public Task<long> PruneOutboxAsync(TimeSpan retention, CancellationToken cancellationToken) =>
        // Each statement reads only the oldest rows (the outbox is in publish order), so a table of recent rows costs one short
        // index scan, not a full one.
        DeleteAllAsync($"""
            DELETE FROM outbox WHERE sequence IN (
                SELECT sequence FROM (SELECT sequence, published_at FROM outbox ORDER BY sequence LIMIT {Window} FOR UPDATE SKIP LOCKED) head
                WHERE published_at < now() - $1)
            """, retention, cancellationToken);

    /// <summary>Deletes the inbox rows recorded more than <paramref name="retention"/> ago; returns how many.</summary>
    public Task<long> PruneInboxAsync(TimeSpan retention, CancellationToken cancellationToken) =>
        // The BRIN index on processed_at (rows arrive in time order) finds the old block ranges without a full scan.
        DeleteAllAsync($"""
            DELETE FROM inbox WHERE ctid = ANY(ARRAY(
                SELECT ctid FROM inbox WHERE processed_at < now() - $1 LIMIT {Window} FOR UPDATE SKIP LOCKED))
            """, retention, cancellationToken);

    private async Task<long> DeleteAllAsync(string sql, TimeSpan retention, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new() { Value = retention });
        long deleted = 0;
        int round;
        while ((round = await command.ExecuteNonQueryAsync(cancellationToken)) > 0)
            deleted += round;
        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning the outbox or inbox failed; trying again in a minute")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
