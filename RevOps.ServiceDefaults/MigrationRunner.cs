using System.Reflection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace RevOps.ServiceDefaults;

/// <summary>
/// Applies the shared messaging migrations, then the service's embedded <c>Data/Migrations/*.sql</c> files in name order, each once, before the host starts listening.
/// Replicas start together, so the whole run holds a transaction-scoped advisory lock.
/// </summary>
public sealed partial class MigrationRunner(NpgsqlDataSource dataSource, Assembly assembly, ILogger<MigrationRunner> logger) : IHostedService
{
    private const long AdvisoryLockKey = 0x5265764f7073; // "RevOps"
    private static readonly TimeSpan ConnectPatience = TimeSpan.FromSeconds(60);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The shared messaging tables (outbox, inbox) first, then the service's own files in name order.
        var migrations = Migrations(typeof(MigrationRunner).Assembly).Concat(Migrations(assembly)).ToList();

        await using var connection = await OpenWithPatienceAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await Execute(connection, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
        await Execute(connection, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                id text PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now())
            """, cancellationToken);

        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using (var select = new NpgsqlCommand("SELECT id FROM schema_migrations", connection))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                applied.Add(reader.GetString(0));

        foreach (var (id, source, resource) in migrations)
        {
            if (applied.Contains(id))
                continue;
            await using var stream = source.GetManifestResourceStream(resource)!;
            using var text = new StreamReader(stream);
            await Execute(connection, await text.ReadToEndAsync(cancellationToken), cancellationToken);
            await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (id) VALUES ($1)", connection)
            {
                Parameters = { new() { Value = id } },
            };
            await record.ExecuteNonQueryAsync(cancellationToken);
            LogApplied(logger, id, connection.Database);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Embedded "*.Migrations.*.sql" files; "RevOps.Scoring.Data.Migrations.0001_initial.sql" has id "0001_initial".</summary>
    private static IEnumerable<(string Id, Assembly Source, string Resource)> Migrations(Assembly source) =>
        source.GetManifestResourceNames()
            .Where(n => n.Contains(".Migrations.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n[(n.LastIndexOf(".Migrations.", StringComparison.Ordinal) + ".Migrations.".Length)..^".sql".Length], source, n));

    // The database may still be starting when the service does (e.g. after a crash of both).
    private async Task<NpgsqlConnection> OpenWithPatienceAsync(CancellationToken cancellationToken)
    {
        var giveUpAt = DateTime.UtcNow + ConnectPatience;
        for (var delay = TimeSpan.FromMilliseconds(100); ; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.TicksPerSecond * 2)))
        {
            try
            {
                return await dataSource.OpenConnectionAsync(cancellationToken);
            }
            catch (NpgsqlException ex) when (DateTime.UtcNow < giveUpAt)
            {
                LogWaiting(logger, ex.Message);
                await Task.Delay(delay, cancellationToken);
            }
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Migration} to {Database}")]
    private static partial void LogApplied(ILogger logger, string migration, string database);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waiting for PostgreSQL before migrating: {Reason}")]
    private static partial void LogWaiting(ILogger logger, string reason);
}
