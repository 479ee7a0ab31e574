using System.Text;
using Npgsql;
using RevOps.Hosting;

namespace RevOps.EndToEnd.Tests.Nemesis;

/// <summary>
/// What each service's own tables hold for the run, per lead, set against the leads the client saw acknowledged
/// (the total-queue check): a stage is lost when an acknowledged lead is missing from it, duplicated when a lead appears
/// there more often than once (SLA: more than once per follow-up clause), unexpected when a lead nobody acknowledged is there.
/// </summary>
public sealed class Ledger(DistributedApplication app, string runId) : IAsyncDisposable
{
    // One pool per database for the whole count: the drain polls every second.
    private readonly Dictionary<string, NpgsqlDataSource> _databases = [];

    /// <summary>The stages a lead passes, each with the query giving (lead id, occurrences) for the run's leads.</summary>
    private static readonly (string Stage, string Database, string Sql)[] Stages =
    [
        ("captured (scoring lead_sources)", "scoringdb",
            "SELECT lead_id::text, count(*) FROM lead_sources WHERE campaign = $1 GROUP BY lead_id"),
        ("scored (scoring scores)", "scoringdb",
            "SELECT s.lead_id::text, count(*) FROM scores s JOIN lead_sources l USING (lead_id) WHERE l.campaign = $1 GROUP BY s.lead_id"),
        ("qualified (scoring outbox LeadQualified)", "scoringdb",
            "SELECT body ->> 'leadId', count(*) FROM outbox WHERE message_type LIKE 'RevOps.Contracts.Events.LeadQualified,%' AND published_at IS NOT NULL GROUP BY 1"),
        ("assigned (routing assignments)", "routingdb",
            "SELECT lead_id::text, count(*) FROM assignments GROUP BY lead_id"),
        ("clocks started (sla clocks, per clause)", "sladb",
            "SELECT lead_id::text, max(n) FROM (SELECT lead_id, count(*) AS n FROM clocks GROUP BY lead_id, clause_id) c GROUP BY lead_id"),
        ("counted (reporting lead_facts, assigned)", "reportingdb",
            "SELECT lead_id::text, count(*) FROM lead_facts WHERE assigned_at IS NOT NULL GROUP BY lead_id"),
    ];

    public static IEnumerable<string> StageNames => Stages.Select(s => s.Stage);

    /// <summary>Per stage: leads missing, leads seen more than once, leads nobody acknowledged.</summary>
    public async Task<IReadOnlyList<StageCount>> CountAsync(IReadOnlySet<string> acknowledged, CancellationToken ct)
    {
        var counts = new List<StageCount>();
        foreach (var (stage, database, sql) in Stages)
        {
            await using var command = (await DatabaseAsync(database, ct)).CreateCommand(sql);
            if (sql.Contains("$1", StringComparison.Ordinal))
            {
                command.Parameters.Add(new() { Value = runId });
            }
            var seen = new Dictionary<string, long>(StringComparer.Ordinal);
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    seen[reader.GetString(0)] = reader.GetInt64(1);
                }
            }
            var lost = acknowledged.Where(id => !seen.ContainsKey(id)).ToArray();
            counts.Add(new StageCount(
                stage,
                seen.Count(s => acknowledged.Contains(s.Key)),
                Lost: lost.Length,
                Duplicated: seen.Count(s => s.Value > 1),
                Unexpected: seen.Keys.Count(id => !acknowledged.Contains(id)),
                Examples: [.. lost.Concat(seen.Where(s => s.Value > 1).Select(s => s.Key)).Take(3)]));
        }
        return counts;
    }

    /// <summary>Outbox rows each service has not yet seen confirmed by the broker: events still on their way.</summary>
    public async Task<string> UnpublishedAsync(CancellationToken ct)
    {
        var counts = new List<string>();
        foreach (var database in new[] { "scoringdb", "routingdb", "sladb", "reportingdb" })
        {
            await using var command = (await DatabaseAsync(database, ct)).CreateCommand("SELECT count(*) FROM outbox WHERE published_at IS NULL");
            counts.Add($"{database} {await command.ExecuteScalarAsync(ct)}");
        }
        return string.Join(", ", counts);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _databases.Values)
        {
            await database.DisposeAsync();
        }
    }

    private async Task<NpgsqlDataSource> DatabaseAsync(string name, CancellationToken ct)
    {
        if (!_databases.TryGetValue(name, out var database))
        {
            _databases[name] = database = NpgsqlDataSource.Create((await app.GetConnectionStringAsync(name, ct))!);
        }
        return database;
    }

    public static string Markdown(IReadOnlyList<StageCount> counts)
    {
        var table = new StringBuilder("| stage | leads | lost | duplicated | unexpected | e.g. |\n|---|---:|---:|---:|---:|---|\n");
        foreach (var c in counts)
        {
            table.Append($"| {c.Stage} | {c.Leads} | {c.Lost} | {c.Duplicated} | {c.Unexpected} | {string.Join(" ", c.Examples)} |\n");
        }
        return table.ToString();
    }
}

/// <summary>One stage's count; <paramref name="Examples"/> names a few lost or duplicated lead ids to look up.</summary>
public sealed record StageCount(string Stage, int Leads, int Lost, int Duplicated, int Unexpected, IReadOnlyList<string> Examples)
{
    public bool Whole => Lost == 0 && Duplicated == 0 && Unexpected == 0;
}
