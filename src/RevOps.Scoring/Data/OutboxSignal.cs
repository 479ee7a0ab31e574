using System.Threading.Channels;
using Npgsql;

namespace RevOps.Scoring.Data;

/// <summary>
/// Wakes the outbox relays after commits, coalesced: many commits, one NOTIFY. A NOTIFY inside the writing transaction
/// would hold PostgreSQL's global notify lock through that transaction's commit flush and serialize every writer;
/// a lost wake-up only costs latency, because the relay also polls.
/// </summary>
internal sealed partial class OutboxSignal(NpgsqlDataSource dataSource, ILogger<OutboxSignal> logger) : BackgroundService
{
    // At most one wake-up per interval: each one costs the relay a pass over the outbox, so under load fewer, fuller passes win.
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(20);

    private readonly Channel<bool> _pending = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Call after committing outbox rows.</summary>
    public void Signal() => _pending.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await _pending.Reader.WaitToReadAsync(stoppingToken))
        {
            _pending.Reader.TryRead(out _);
            try
            {
                await using var notify = dataSource.CreateCommand("NOTIFY outbox");
                await notify.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (NpgsqlException ex)
            {
                LogNotifyFailed(logger, ex);
            }
            await Task.Delay(MinInterval, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waking the outbox relay failed; it will find the events on its next poll")]
    private static partial void LogNotifyFailed(ILogger logger, Exception exception);
}
