using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RevOps.RevenueContract.Client;

/// <summary>Degraded (still serving) while the service judges by the shipped default because scoring hasn't confirmed the active version.</summary>
public sealed class ContractCatalogHealthCheck(ContractCatalog catalog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(catalog.Confirmed
            ? HealthCheckResult.Healthy($"contract v{catalog.Active.Version}, confirmed by scoring")
            : HealthCheckResult.Degraded(catalog.HasSource
                ? $"contract v{catalog.Active.Version} (shipped default): scoring not reached yet"
                : $"contract v{catalog.Active.Version} (shipped default): no scoring address configured"));
}
