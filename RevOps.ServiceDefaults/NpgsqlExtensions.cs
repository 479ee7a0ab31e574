using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using RevOps.Grpc;
using RevOps.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

/// <summary>The service's own PostgreSQL database (the Aspire.Npgsql shape) and its start-up migrations.</summary>
public static class NpgsqlExtensions
{
    /// <summary>Connections per process unless the connection string sets "Maximum Pool Size".</summary>
    public const int DefaultMaxPoolSize = 30;

    /// <summary>
    /// Registers an <see cref="NpgsqlDataSource"/> for <c>ConnectionStrings__{name}</c>, a readiness check that runs a query,
    /// and applies the SQL files embedded under <c>Data/Migrations</c> of <paramref name="migrationsAssembly"/> before the
    /// service starts listening.
    /// </summary>
    public static TBuilder AddNpgsqlDataSource<TBuilder>(this TBuilder builder, string name, Assembly migrationsAssembly)
        where TBuilder : IHostApplicationBuilder
    {
        var connectionString = builder.Configuration.GetConnectionString(name)
            ?? throw new InvalidOperationException($"Connection string '{name}' is missing: set ConnectionStrings__{name}.");

        var dataSource = new NpgsqlDataSourceBuilder(connectionString) { Name = name };
        if (!SetsPoolSize(connectionString))
        {
            // Npgsql's 100 per process, times every service and replica, is more than one server admits (max_connections 200
            // under the AppHost): past it PostgreSQL refuses with "too many clients". A full pool makes callers wait instead.
            dataSource.ConnectionStringBuilder.MaxPoolSize = DefaultMaxPoolSize;
        }
        if (dataSource.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            // Every event and call runs the same few statements: prepared on each pooled connection after two uses, PostgreSQL
            // stops parsing and planning them each time (a third of its profile under routing's small batches).
            dataSource.ConnectionStringBuilder.MaxAutoPrepare = 50;
            dataSource.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }
        builder.Services.AddSingleton(_ => dataSource.Build());
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            name, sp => new NpgsqlHealthCheck(sp.GetRequiredService<NpgsqlDataSource>()), HealthStatus.Unhealthy, ["ready"]));
        // A caller told UNAVAILABLE retries (with its idempotency key) instead of giving up on an INTERNAL error.
        builder.Services.Configure<GrpcServiceOptions>(o => o.ExceptionStatuses.Add(e => DatabaseOutage.Is(e)
            ? new Status(StatusCode.Unavailable, $"The '{name}' database is unreachable; retry with the same idempotency key.")
            : null));
        builder.Services.AddHostedService(sp => new MigrationRunner(
            sp.GetRequiredService<NpgsqlDataSource>(), migrationsAssembly, sp.GetRequiredService<Logging.ILogger<MigrationRunner>>()));
        return builder;
    }

    private static bool SetsPoolSize(string connectionString)
    {
        var keys = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>();
        return keys.Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("MaximumPoolSize", StringComparison.OrdinalIgnoreCase)
            || k.Replace(" ", "", StringComparison.Ordinal).Equals("MaxPoolSize", StringComparison.OrdinalIgnoreCase));
    }
}
