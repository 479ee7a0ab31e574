namespace RevOps.Hosting;

/// <summary>A .NET service run as `dotnet &lt;built dll&gt;`, with a `grpc` (HTTP/2) and an `http` (HTTP/1.1) endpoint.</summary>
public sealed class ProjectResource(string name, string projectPath, string? assemblyPath) : Resource(name)
{
    public static readonly IReadOnlyList<string> EndpointNames = ["grpc", "http"];

    public string ProjectPath { get; } = projectPath;

    /// <summary>The built assembly; null for projects added by path, which are built on start.</summary>
    public string? AssemblyPath { get; internal set; } = assemblyPath;

    public int Replicas { get; internal set; } = 1;

    public IList<IResourceWithConnectionString> ConnectionReferences { get; } = [];

    public IList<ProjectResource> ServiceReferences { get; } = [];

    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The address other services use: the proxy's for replicated projects, the only replica's otherwise.</summary>
    internal Dictionary<string, int> StablePorts { get; } = [];

    /// <summary>Ports of each replica, fixed for the application's lifetime so restarts keep their address.</summary>
    internal List<Dictionary<string, int>> ReplicaPorts { get; } = [];

    internal string ReplicaName(int index) => Replicas == 1 ? Name : $"{Name}-{index}";
}
