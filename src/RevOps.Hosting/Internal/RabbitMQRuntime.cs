using System.Globalization;

namespace RevOps.Hosting.Internal;

/// <summary>
/// rabbitmq-server from Debian as the `rabbitmq` user, with its own node name, ports, epmd and a
/// generated config file, so parallel hosts on one machine never collide.
/// </summary>
internal sealed class RabbitMQRuntime(RabbitMQServerResource resource, HostContext host) : ServerRuntime(resource.Name, "RabbitMQ", host)
{
    private const string User = "rabbitmq";
    private const string Server = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    protected override int Port => resource.Port;

    protected override TimeSpan StartTimeout => TimeSpan.FromSeconds(120);

    protected override async Task<IReadOnlyList<ChildProcessSpec>> PrepareAsync(CancellationToken ct)
    {
        await ServerBinaries.EnsureAsync("rabbitmq-server", () => ServerBinaries.Existing(Server), Logger, ct);
        var epmd = ServerBinaries.Existing("/usr/bin/epmd", "/usr/lib/erlang/bin/epmd")
            ?? throw new DistributedApplicationException("epmd is missing: install the Debian package erlang-base (apt-get install erlang-base).");
        var dir = CreateDirectory(Path.Combine(Host.DataDirectory, Name));
        var home = CreateDirectory(Path.Combine(dir, "home"));
        CreateDirectory(Path.Combine(dir, "mnesia"));
        CreateDirectory(Path.Combine(dir, "log"));
        var config = Path.Combine(dir, "rabbitmq.conf");
        await File.WriteAllTextAsync(config, $"""
            listeners.tcp.1 = 127.0.0.1:{resource.Port}
            default_user = {resource.UserName}
            default_pass = {resource.Password}
            loopback_users = none
            log.console = true
            log.console.level = info
            log.file = false

            """, ct);
        // No plugins: the management plugin would claim the same fixed port in every instance.
        await File.WriteAllTextAsync(Path.Combine(dir, "enabled_plugins"), "[].\n", ct);
        await File.WriteAllTextAsync(Path.Combine(dir, "rabbitmq-env.conf"), "", ct);
        await ChownAsync(dir, User, ct);

        var epmdPort = resource.EpmdPort.ToString(CultureInfo.InvariantCulture);
        var environment = new Dictionary<string, string?>
        {
            ["HOME"] = home,
            ["ERL_EPMD_PORT"] = epmdPort,
            ["RABBITMQ_NODENAME"] = resource.NodeName,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = resource.Port.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = resource.DistributionPort.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(dir, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(dir, "log"),
            ["RABBITMQ_CONFIG_FILE"] = config,
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(dir, "enabled_plugins"),
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(dir, "rabbitmq-env.conf"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(dir, "rabbitmq.pid"),
        };
        return
        [
            // Our own epmd, in our process group, so it stops with us instead of lingering as a daemon.
            new ChildProcessSpec(epmd, ["-port", epmdPort, "-address", "127.0.0.1"]) { RunAsUser = User, WorkingDirectory = dir, Environment = environment },
            new ChildProcessSpec(Server, []) { RunAsUser = User, WorkingDirectory = dir, Environment = environment },
        ];
    }

    protected override Task<bool> ProbeAsync(CancellationToken ct) => ReadinessProbes.AmqpAsync(resource.Port, ct);
}
