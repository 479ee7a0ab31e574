using Microsoft.Extensions.Configuration;

namespace RevOps.ServiceDefaults;

/// <summary>
/// Service discovery by the Aspire convention: <c>services__&lt;service&gt;__&lt;endpoint&gt;__&lt;n&gt;</c>
/// (Microsoft.Extensions.ServiceDiscovery is not served here).
/// </summary>
public sealed class ServiceEndpoints(IConfiguration configuration)
{
    /// <summary>Every address configured for the endpoint, in index order; empty when none is.</summary>
    public IReadOnlyList<Uri> Resolve(string service, string endpoint = "grpc") =>
        configuration.GetSection($"services:{service}:{endpoint}").GetChildren()
            .OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue)
            .Select(c => c.Value)
            .Where(v => !string.IsNullOrWhiteSpace(v))
            .Select(v => new Uri(v!))
            .ToList();

    /// <summary>The first address of the endpoint, or a clear error naming the missing variable.</summary>
    public Uri Require(string service, string endpoint = "grpc") =>
        Resolve(service, endpoint).FirstOrDefault()
        ?? throw new InvalidOperationException(
            $"No address for service '{service}' endpoint '{endpoint}': set services__{service}__{endpoint}__0.");
}
