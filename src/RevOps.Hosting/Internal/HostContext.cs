using Microsoft.Extensions.Logging;

namespace RevOps.Hosting.Internal;

/// <summary>What every runtime shares: options, logging, folders, secrets, the process registry.</summary>
internal sealed class HostContext(
    DistributedApplicationOptions options,
    ILoggerFactory loggerFactory,
    string dataDirectory,
    ProcessGroupRegistry registry,
    Action notifyChanged) : IDisposable
{
    public DistributedApplicationOptions Options { get; } = options;

    public ILoggerFactory LoggerFactory { get; } = loggerFactory;

    public string DataDirectory { get; } = dataDirectory;

    public string LogDirectory { get; } = Directory.CreateDirectory(Path.Combine(dataDirectory, "logs")).FullName;

    public ProcessGroupRegistry Registry { get; } = registry;

    public HttpClient HealthClient { get; } = new(new SocketsHttpHandler
    {
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.FromSeconds(30),
        ConnectTimeout = TimeSpan.FromSeconds(2),
    });

    public void NotifyChanged() => notifyChanged();

    public void Dispose() => HealthClient.Dispose();
}
