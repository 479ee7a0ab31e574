using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using RevOps.Hosting.Internal;

namespace RevOps.Hosting;

/// <summary>
/// The running graph: infrastructure as local processes, projects as `dotnet &lt;dll&gt;`, proxies for
/// replicas and the dashboard. Disposing it stops everything it started.
/// </summary>
public sealed partial class DistributedApplication : IAsyncDisposable
{
    private const int DefaultDashboardPort = 18888;

    private readonly List<ResourceRuntime> _runtimes = [];
    private readonly Dictionary<Resource, ResourceRuntime> _byResource = [];
    private readonly IReadOnlyList<Resource> _resources;
    private readonly HostContext _host;
    private readonly AppHostServer _server;
    private readonly ILogger _logger;
    private readonly bool _ownsDataDirectory;
    private readonly bool _ownsLoggerFactory;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _runs = [];
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private bool _started;
    private bool _stopped;

    internal DistributedApplication(DistributedApplicationBuilder builder)
    {
        var options = builder.Options;
        _resources = builder.Resources;
        _ownsDataDirectory = options.DataDirectory is null && options.ForTesting;
        DataDirectory = Path.GetFullPath(options.DataDirectory ?? (options.ForTesting ? DataDirectories.ForTest() : DataDirectories.ForRun()));
        Directory.CreateDirectory(DataDirectory);
        if (!OperatingSystem.IsWindows())
        {
            // Servers running as postgres/rabbitmq must be able to walk into their folders.
            File.SetUnixFileMode(DataDirectory, (UnixFileMode)0b111_101_101);
        }

        _ownsLoggerFactory = options.LoggerFactory is null;
        var loggerFactory = options.LoggerFactory ?? LoggerFactory.Create(logging => logging
            .AddSimpleConsole(console => { console.SingleLine = true; console.TimestampFormat = "HH:mm:ss "; })
            .SetMinimumLevel(options.ForTesting ? LogLevel.Warning : LogLevel.Information));
        _logger = loggerFactory.CreateLogger("RevOps.Hosting");

        var secrets = new SecretStore(options.ForTesting ? null : Path.Combine(DataDirectory, "secrets.json"));
        AssignPortsAndSecrets(secrets, options.ForTesting);

        ResourceNotifications = new ResourceNotificationService(() => _runtimes);
        _host = new HostContext(options, loggerFactory, DataDirectory, new ProcessGroupRegistry(DataDirectory), ResourceNotifications.NotifyChanged);
        CreateRuntimes();

        var dashboardEnabled = options.EnableDashboard ?? !options.ForTesting;
        int? dashboardPort = dashboardEnabled ? options.DashboardPort ?? DashboardPortFrom(options.Args) : null;
        DashboardUrl = dashboardPort is { } port ? new Uri($"http://127.0.0.1:{port}") : null;
        var dashboard = dashboardEnabled ? new Dashboard(ResourceNotifications, FindRuntime) : null;
        var projects = _resources.OfType<ProjectResource>().ToDictionary(p => p.Name);
        _server = new AppHostServer(_runtimes.OfType<ReplicatedProjectRuntime>(), projects, dashboard, dashboardPort);
    }

    public static DistributedApplicationBuilder CreateBuilder(string[] args)
    {
        var capture = TestingCapture.Current.Value;
        var builder = new DistributedApplicationBuilder(new DistributedApplicationOptions { Args = args, ForTesting = capture is not null });
        builder.Capture = capture;
        return builder;
    }

    public static DistributedApplicationBuilder CreateBuilder(DistributedApplicationOptions options) => new(options);

    public ResourceNotificationService ResourceNotifications { get; }

    /// <summary>Server data, secrets and logs (logs/&lt;resource&gt;.log).</summary>
    public string DataDirectory { get; }

    public Uri? DashboardUrl { get; }

    /// <summary>Starts every resource, each once the resources it waits for are healthy; returns once all are launched.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            if (_started)
            {
                throw new InvalidOperationException("The application was already started.");
            }
            _started = true;
            _host.Registry.StartWatchdog();
            if (_server.HasWork)
            {
                await _server.StartAsync(cancellationToken);
            }
            foreach (var runtime in _runtimes.Where(r => r is not ReplicatedProjectRuntime))
            {
                _runs.Add(RunAsync(runtime, _stopping.Token));
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops projects (SIGTERM, then SIGKILL after 5 s), then infrastructure; leaves no process behind.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            if (!_started || _stopped)
            {
                return;
            }
            _stopped = true;
            await _stopping.CancelAsync();
            await Task.WhenAll(_runtimes.Where(r => !r.IsInfrastructure).Select(SafeStopAsync));
            await Task.WhenAll(_runtimes.Where(r => r.IsInfrastructure).Select(SafeStopAsync));
            await Task.WhenAll(_runs).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            // Anything still registered (a one-off command cut short) goes now.
            foreach (var group in _host.Registry.Groups)
            {
                NativeMethods.SignalGroup(group, NativeMethods.SigKill);
            }
            await _server.DisposeAsync();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public void Run() => RunAsync().GetAwaiter().GetResult();

    /// <summary>Starts, prints the dashboard URL, and stops everything on Ctrl+C or SIGTERM.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var shutdown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            shutdown.TrySetResult();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);
        await using var registration = cancellationToken.Register(() => shutdown.TrySetResult());

        var started = Process.GetCurrentProcess().StartTime.ToUniversalTime();
        try
        {
            await StartAsync(cancellationToken);
            if (DashboardUrl is { } url)
            {
                LogDashboard(_logger, url);
            }
            _ = ReportAllHealthyAsync(started, _stopping.Token);
            await shutdown.Task;
        }
        finally
        {
            LogStopping(_logger);
            var stopwatch = Stopwatch.StartNew();
            await DisposeAsync();
            LogStopped(_logger, stopwatch.Elapsed.TotalSeconds);
        }
    }

    public ValueTask<string?> GetConnectionStringAsync(string resourceName, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var resource = _resources.FirstOrDefault(r => r.Name == resourceName)
            ?? throw new ArgumentException($"No resource named '{resourceName}'.", nameof(resourceName));
        return resource is IResourceWithConnectionString withConnectionString
            ? ValueTask.FromResult(withConnectionString.ConnectionString)
            : throw new ArgumentException($"Resource '{resourceName}' has no connection string.", nameof(resourceName));
    }

    /// <summary>The address of a project endpoint ("grpc" or "http"): the stable proxied one for a replicated project, or one replica's ("scoring-0").</summary>
    public Uri GetEndpoint(string resourceName, string endpointName = "http")
    {
        var runtime = FindRuntime(resourceName) ?? throw new ArgumentException($"No resource named '{resourceName}'.", nameof(resourceName));
        return runtime.Endpoints.TryGetValue(endpointName, out var url)
            ? new Uri(url)
            : throw new ArgumentException($"Resource '{resourceName}' has no endpoint '{endpointName}'; it has: {string.Join(", ", runtime.Endpoints.Keys)}.", nameof(endpointName));
    }

    /// <summary>Kills a resource's process (SIGKILL to its group) as a crash would; projects come back by themselves. Returns the killed pid.</summary>
    public int KillResourceProcess(string resourceName) =>
        (FindRuntime(resourceName) ?? throw new ArgumentException($"No resource named '{resourceName}'.", nameof(resourceName))).Kill();

    /// <summary>Stops one resource (infrastructure or a project replica) and keeps it stopped.</summary>
    public Task StopResourceAsync(string resourceName, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return StartableRuntime(resourceName).StopAsync();
    }

    /// <summary>Starts a stopped (or exited) resource again on the same ports with the same data.</summary>
    public async Task StartResourceAsync(string resourceName, CancellationToken cancellationToken = default)
    {
        var runtime = StartableRuntime(resourceName);
        if (runtime.State is KnownResourceStates.Running or KnownResourceStates.Starting)
        {
            throw new InvalidOperationException($"Resource '{resourceName}' is already {runtime.State}.");
        }
        await runtime.StopAsync();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        await runtime.StartAsync(linked.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Registry.Dispose();
        _host.Dispose();
        if (_ownsLoggerFactory)
        {
            _host.LoggerFactory.Dispose();
        }
        if (_ownsDataDirectory)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A temp folder left behind costs disk, not correctness.
            }
        }
    }

    private ResourceRuntime StartableRuntime(string name)
    {
        var runtime = FindRuntime(name) ?? throw new ArgumentException($"No resource named '{name}'.", nameof(name));
        return runtime is ReplicatedProjectRuntime or PostgresDatabaseRuntime
            ? throw new ArgumentException($"'{name}' has no process of its own; stop or start its replicas or server.", nameof(name))
            : runtime;
    }

    private ResourceRuntime? FindRuntime(string name) => _runtimes.FirstOrDefault(r => r.Name == name);

    private async Task RunAsync(ResourceRuntime runtime, CancellationToken ct)
    {
        try
        {
            if (runtime.Dependencies.Count > 0)
            {
                await Task.WhenAll(runtime.Dependencies.Select(d => ResourceNotifications.WaitForResourceHealthyAsync(d.Name, ct)));
            }
            await runtime.StartAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped while waiting or starting.
        }
        catch (Exception e)
        {
            LogFailed(_logger, e, runtime.Name, e.Message);
            runtime.MarkFailed(e.Message);
        }
    }

    private static async Task SafeStopAsync(ResourceRuntime runtime)
    {
        try
        {
            await runtime.StopAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            // Stopping is best effort per resource; the registry sweep afterwards kills what is left.
        }
    }

    private async Task ReportAllHealthyAsync(DateTime processStarted, CancellationToken ct)
    {
        try
        {
            foreach (var runtime in _runtimes)
            {
                await ResourceNotifications.WaitForResourceHealthyAsync(runtime.Name, ct);
            }
            LogAllHealthy(_logger, _runtimes.Count, (DateTime.UtcNow - processStarted).TotalSeconds);
        }
        catch (Exception e) when (e is OperationCanceledException or DistributedApplicationException)
        {
            // Failures are logged where they happen.
        }
    }

    private void AssignPortsAndSecrets(SecretStore secrets, bool forTesting)
    {
        foreach (var resource in _resources)
        {
            switch (resource)
            {
                case PostgresServerResource postgres:
                    postgres.Port = PortAllocator.Next();
                    postgres.Password = secrets.Get($"{postgres.Name}-password");
                    break;
                case RedisResource redis:
                    redis.Port = PortAllocator.Next();
                    redis.Password = secrets.Get($"{redis.Name}-password");
                    break;
                case RabbitMQServerResource rabbit:
                    rabbit.Port = PortAllocator.Next();
                    rabbit.DistributionPort = PortAllocator.Next();
                    rabbit.EpmdPort = PortAllocator.Next();
                    rabbit.UserName = "revops";
                    rabbit.Password = secrets.Get($"{rabbit.Name}-password");
                    // A stable node name keeps the broker's data across `dotnet run`s; tests get a fresh one.
                    rabbit.NodeName = $"revops-{rabbit.Name}-{(forTesting ? Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4)) : secrets.Get($"{rabbit.Name}-node", 4))}@localhost";
                    break;
                case ProjectResource project:
                    project.ReplicaPorts.Clear();
                    for (var i = 0; i < project.Replicas; i++)
                    {
                        project.ReplicaPorts.Add(NewEndpointPorts());
                    }
                    project.StablePorts.Clear();
                    foreach (var (endpoint, port) in project.Replicas == 1 ? project.ReplicaPorts[0] : NewEndpointPorts())
                    {
                        project.StablePorts[endpoint] = port;
                    }
                    break;
            }
        }
    }

    private static Dictionary<string, int> NewEndpointPorts() =>
        ProjectResource.EndpointNames.ToDictionary(e => e, _ => PortAllocator.Next());

    private void CreateRuntimes()
    {
        foreach (var resource in _resources)
        {
            switch (resource)
            {
                case PostgresServerResource postgres:
                    Add(resource, new PostgresRuntime(postgres, _host));
                    break;
                case PostgresDatabaseResource database:
                    Add(resource, new PostgresDatabaseRuntime(database, _byResource[database.Parent], _host));
                    break;
                case RedisResource redis:
                    Add(resource, new RedisRuntime(redis, _host));
                    break;
                case RabbitMQServerResource rabbit:
                    Add(resource, new RabbitMQRuntime(rabbit, _host));
                    break;
                case ProjectResource { Replicas: 1 } project:
                    Add(resource, new ProjectReplicaRuntime(project, 0, _host));
                    break;
                case ProjectResource project:
                    var replicas = Enumerable.Range(0, project.Replicas).Select(i => new ProjectReplicaRuntime(project, i, _host)).ToArray();
                    Add(resource, new ReplicatedProjectRuntime(project, replicas, _host));
                    _runtimes.AddRange(replicas);
                    break;
                default:
                    throw new DistributedApplicationException($"Resource '{resource.Name}' of type {resource.GetType().Name} cannot be run locally.");
            }
        }
        foreach (var resource in _resources)
        {
            var dependencies = resource.WaitsFor.Select(d => _byResource[d]).ToList();
            if (_byResource[resource] is ReplicatedProjectRuntime replicated)
            {
                foreach (var replica in replicated.Replicas)
                {
                    replica.Dependencies.AddRange(dependencies);
                }
            }
            else
            {
                _byResource[resource].Dependencies.AddRange(dependencies);
            }
        }
    }

    private void Add(Resource resource, ResourceRuntime runtime)
    {
        _byResource[resource] = runtime;
        _runtimes.Add(runtime);
    }

    private static int DashboardPortFrom(string[] args)
    {
        var index = Array.IndexOf(args, "--dashboard-port");
        var text = index >= 0 && index + 1 < args.Length
            ? args[index + 1]
            : args.FirstOrDefault(a => a.StartsWith("--dashboard-port=", StringComparison.Ordinal))?["--dashboard-port=".Length..]
              ?? Environment.GetEnvironmentVariable("REVOPS_DASHBOARD_PORT");
        if (text is null)
        {
            return DefaultDashboardPort;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw new DistributedApplicationException($"Dashboard port '{text}' is not a port number (1-65535).");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard: {DashboardUrl}")]
    private static partial void LogDashboard(ILogger logger, Uri dashboardUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "All {ResourceCount} resources are healthy, {Seconds:0.0} s after the AppHost started")]
    private static partial void LogAllHealthy(ILogger logger, int resourceCount, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping every resource")]
    private static partial void LogStopping(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Everything stopped in {Seconds:0.0} s")]
    private static partial void LogStopped(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Resource} failed to start: {Reason}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string resource, string reason);
}
