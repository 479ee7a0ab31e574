namespace RevOps.Hosting.Internal;

/// <summary>The dashboard row of a replicated project: the proxy's stable endpoints, healthy while any replica is.</summary>
internal sealed class ReplicatedProjectRuntime(ProjectResource project, IReadOnlyList<ProjectReplicaRuntime> replicas, HostContext host)
    : ResourceRuntime(project.Name, "Project", host)
{
    public IReadOnlyList<ProjectReplicaRuntime> Replicas { get; } = replicas;

    public override bool IsInfrastructure => false;

    public override IReadOnlyDictionary<string, string> Endpoints =>
        project.StablePorts.ToDictionary(p => p.Key, p => ProjectEnvironment.Url(p.Value));

    public override ResourceSnapshot Snapshot()
    {
        var states = Replicas.Select(r => r.Snapshot()).ToArray();
        var state = states.Any(s => s.State == KnownResourceStates.Running) ? KnownResourceStates.Running
            : states.All(s => s.State == KnownResourceStates.FailedToStart) ? KnownResourceStates.FailedToStart
            : states[0].State;
        var health = states.Any(s => s.Health == HealthStatus.Healthy) ? HealthStatus.Healthy
            : states.Any(s => s.Health is not null) ? HealthStatus.Unhealthy
            : null;
        Error = Replicas.Select(r => r.Error).FirstOrDefault(e => e is not null);
        return new ResourceSnapshot(Name, Type, state, health, Endpoints, null, states.Sum(s => s.Restarts), states.Sum(s => s.Calls));
    }

    // The replicas are started and stopped as runtimes of their own; the proxy lives in the AppHost server.
    public override Task StartAsync(CancellationToken ct) => Task.CompletedTask;

    public override Task StopAsync() => Task.CompletedTask;
}
