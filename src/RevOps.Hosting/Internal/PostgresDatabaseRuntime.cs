using System.Text.RegularExpressions;
using Npgsql;

namespace RevOps.Hosting.Internal;

/// <summary>A database created once its server is ready; afterwards it is as healthy as the server.</summary>
internal sealed partial class PostgresDatabaseRuntime(PostgresDatabaseResource resource, ResourceRuntime server, HostContext host)
    : ResourceRuntime(resource.Name, "PostgresDatabase", host)
{
    private volatile bool _created;

    public override ResourceSnapshot Snapshot()
    {
        if (!_created)
        {
            return base.Snapshot();
        }
        var parent = server.Snapshot();
        return new ResourceSnapshot(Name, Type, parent.State, parent.Health, parent.Endpoints, null, 0);
    }

    public override async Task StartAsync(CancellationToken ct)
    {
        if (!SafeName().IsMatch(resource.DatabaseName))
        {
            throw new DistributedApplicationException($"Database name '{resource.DatabaseName}' must be letters, digits, '_' or '-'.");
        }
        Update(KnownResourceStates.Starting, null, null);
        await using var connection = new NpgsqlConnection(resource.Parent.ConnectionString + ";Pooling=false");
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", resource.DatabaseName);
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            // Identifiers cannot be parameters; the name was checked against SafeName above.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{resource.DatabaseName}\"", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
        _created = true;
        Update(KnownResourceStates.Running, HealthStatus.Healthy, null);
    }

    public override Task StopAsync() => Task.CompletedTask;

    [GeneratedRegex("^[A-Za-z0-9_-]{1,63}$")]
    private static partial Regex SafeName();
}
