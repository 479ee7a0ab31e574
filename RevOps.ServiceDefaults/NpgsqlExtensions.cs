using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using RevOps.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

/// <summary>The service's own PostgreSQL database (the Aspire.Npgsql shape) and its start-up migrations.</summary>
public static class NpgsqlExtensions
{
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

        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString) { Name = name }.Build());
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            name, sp => new NpgsqlHealthCheck(sp.GetRequiredService<NpgsqlDataSource>()), HealthStatus.Unhealthy, ["ready"]));
        builder.Services.AddHostedService(sp => new MigrationRunner(
            sp.GetRequiredService<NpgsqlDataSource>(), migrationsAssembly, sp.GetRequiredService<Logging.ILogger<MigrationRunner>>()));
        return builder;
    }
}
