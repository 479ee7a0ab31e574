using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using RevOps.Reporting.Domain;

namespace RevOps.Reporting.Data;

/// <summary>
/// Keeps this replica's <see cref="FactColumns"/> equal to lead_facts and breach_facts, whichever replica wrote them. It
/// LISTENs on <see cref="Channel"/>, loads every fact, then re-reads the leads (and breaches) each committed transaction names:
/// the batch NOTIFYs their ids (<see cref="Changes"/>), and PostgreSQL delivers notifications in commit order. A report first
/// catches up (<see cref="CurrentAsync"/>), so it counts every change committed before it began. A lost connection, or a
/// notification without ids (a bulk load, an operator's repair), reloads everything.
/// </summary>
public sealed partial class FactMirror(NpgsqlDataSource dataSource, FactsChanged changed, ILogger<FactMirror> logger) : BackgroundService, IHealthCheck
{
    public const string Channel = "reporting_facts";
    private const string LeadsPrefix = "leads:";
    private const string BreachesPrefix = "breaches:";
    private const string SyncPrefix = "sync:";
    // 32 hex digits each, inside NOTIFY's 8,000-byte payload.
    private const int IdsPerNotification = 240;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    // This replica's catch-up tokens: other replicas' pass by.
    private readonly string _syncPrefix = $"{SyncPrefix}{Guid.NewGuid():N}:";
    private readonly Lock _gate = new();
    private HashSet<Guid> _changedLeads = [];
    private HashSet<Guid> _changedBreachesOf = [];
    private bool _reload;
    private readonly Dictionary<long, TaskCompletionSource> _waiting = [];
    private List<TaskCompletionSource> _caughtUp = [];
    private long _lastToken;
    private volatile FactColumns? _columns;

    /// <summary>
    /// The payloads a writer NOTIFYs in its transaction: the leads whose facts it changed, and those whose breaches it
    /// changed (few: most events touch no breach, and a breach's lead is re-read only when one did).
    /// </summary>
    public static string[] Changes(IEnumerable<Guid> leadIds, IEnumerable<Guid> leadsWithBreaches) =>
        [.. Payloads(LeadsPrefix, leadIds), .. Payloads(BreachesPrefix, leadsWithBreaches.Distinct())];

    private static IEnumerable<string> Payloads(string prefix, IEnumerable<Guid> ids) =>
        ids.Chunk(IdsPerNotification).Select(chunk => prefix + string.Concat(chunk.Select(id => id.ToString("N"))));

    /// <summary>The facts with every change committed before this call: waits for the mirror to apply them.</summary>
    public async Task<FactColumns> CurrentAsync(CancellationToken cancellationToken)
    {
        var token = Interlocked.Increment(ref _lastToken);
        var caughtUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
            _waiting.Add(token, caughtUp);
        try
        {
            // Delivered after the notifications of every transaction committed before it.
            await using var command = dataSource.CreateCommand($"SELECT pg_notify('{Channel}', $1)");
            command.Parameters.Add(new NpgsqlParameter { Value = _syncPrefix + token.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            await command.ExecuteNonQueryAsync(cancellationToken);
            await caughtUp.Task.WaitAsync(cancellationToken);
            return _columns!;
        }
        finally
        {
            lock (_gate)
                _waiting.Remove(token);
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_columns is { } columns
            ? HealthCheckResult.Healthy($"{columns.LeadCount} lead facts in memory")
            : HealthCheckResult.Unhealthy("loading the facts"));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Received(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                lock (_gate)
                {
                    // Whatever was committed while nobody listened is in the load that follows; so is what waiting reports wait for.
                    _reload = true;
                    _caughtUp.AddRange(_waiting.Values);
                    _waiting.Clear();
                }
                await FollowAsync(connection, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Whatever broke, the reports wait on this loop: it must not end before the service does.
                LogFollowFailed(ex, RetryDelay.TotalSeconds);
                await Task.Delay(RetryDelay, stoppingToken);
            }
        }
    }

    private async Task FollowAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        while (true)
        {
            bool reload;
            HashSet<Guid> changedLeads, changedBreachesOf;
            List<TaskCompletionSource> caughtUp;
            lock (_gate)
            {
                (reload, changedLeads, changedBreachesOf, caughtUp) = (_reload, _changedLeads, _changedBreachesOf, _caughtUp);
                (_reload, _changedLeads, _changedBreachesOf, _caughtUp) = (false, [], [], []);
            }

            var changes = changedLeads.Count + changedBreachesOf.Count > 0;
            try
            {
                if (reload)
                    await LoadAsync(connection, stoppingToken);
                else if (changes)
                {
                    var (leads, breaches) = (new List<LeadFact>(changedLeads.Count), new List<BreachFact>());
                    await LeadFactStore.ReadFactsAsync(connection, [.. changedLeads], [.. changedBreachesOf], leads.Add, breaches.Add, stoppingToken);
                    _columns!.Apply(leads, breaches);
                }
            }
            catch
            {
                // The reload after reconnecting answers them instead.
                lock (_gate)
                    _caughtUp.AddRange(caughtUp);
                throw;
            }
            foreach (var report in caughtUp)
                report.TrySetResult();
            if (reload || changes)
                changed.Notify();

            // Reading on this connection may have delivered more: wait only when nothing is pending.
            bool idle;
            lock (_gate)
                idle = !_reload && _changedLeads.Count + _changedBreachesOf.Count + _caughtUp.Count == 0;
            if (idle)
                await connection.WaitAsync(stoppingToken);
        }
    }

    private async Task LoadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        long rows;
        await using (var estimate = new NpgsqlCommand("SELECT reltuples::bigint FROM pg_class WHERE oid = 'lead_facts'::regclass", connection))
            rows = (long)(await estimate.ExecuteScalarAsync(cancellationToken))!;
        var columns = new FactColumns((int)Math.Clamp(rows + rows / 10, 0, Array.MaxLength / 2));
        List<LeadFact> leads = new(4096);
        List<BreachFact> breaches = new(4096);
        void Flush()
        {
            columns.Apply(leads, breaches);
            leads.Clear();
            breaches.Clear();
        }
        await LeadFactStore.ReadFactsAsync(connection, null, null,
            lead => { leads.Add(lead); if (leads.Count == leads.Capacity) Flush(); },
            breach => { breaches.Add(breach); if (breaches.Count == breaches.Capacity) Flush(); },
            cancellationToken);
        Flush();
        _columns = columns;
        LogLoaded(columns.LeadCount, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private void Received(string payload)
    {
        lock (_gate)
        {
            if (payload.StartsWith(LeadsPrefix, StringComparison.Ordinal))
                AddIds(payload.AsSpan(LeadsPrefix.Length), _changedLeads);
            else if (payload.StartsWith(BreachesPrefix, StringComparison.Ordinal))
                AddIds(payload.AsSpan(BreachesPrefix.Length), _changedBreachesOf);
            else if (payload.StartsWith(_syncPrefix, StringComparison.Ordinal))
            {
                if (_waiting.Remove(long.Parse(payload.AsSpan(_syncPrefix.Length), System.Globalization.CultureInfo.InvariantCulture), out var report))
                    _caughtUp.Add(report);
            }
            else if (!payload.StartsWith(SyncPrefix, StringComparison.Ordinal))
                _reload = true;
        }
    }

    private static void AddIds(ReadOnlySpan<char> ids, HashSet<Guid> into)
    {
        for (; ids.Length >= 32; ids = ids[32..])
            into.Add(Guid.ParseExact(ids[..32], "N"));
    }

    [LoggerMessage(LogLevel.Information, "Loaded {Leads} lead facts into memory in {Seconds:0.0} s")]
    private partial void LogLoaded(int leads, double seconds);

    [LoggerMessage(LogLevel.Warning, "Following the read models failed; reloading them in {RetrySeconds} s")]
    private partial void LogFollowFailed(Exception exception, double retrySeconds);
}
