using Microsoft.Extensions.Logging;

namespace RevOps.Hosting;

public sealed class DistributedApplicationOptions
{
    public string[] Args { get; init; } = [];

    /// <summary>Tests: data in a temporary folder, new secrets, no dashboard, quieter logs.</summary>
    public bool ForTesting { get; init; }

    /// <summary>Where server data, secrets and logs live; defaults to `.revops/` at the repository root, or a temp folder for tests.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Defaults to on for `dotnet run` and off for tests.</summary>
    public bool? EnableDashboard { get; init; }

    /// <summary>Defaults to `--dashboard-port`, then REVOPS_DASHBOARD_PORT, then 18888.</summary>
    public int? DashboardPort { get; init; }

    public ILoggerFactory? LoggerFactory { get; init; }
}
