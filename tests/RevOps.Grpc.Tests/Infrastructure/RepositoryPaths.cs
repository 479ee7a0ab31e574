namespace RevOps.Grpc.Tests.Infrastructure;

/// <summary>Where the peers' scripts and the .proto files live in the source tree.</summary>
public static class RepositoryPaths
{
    public const string Python = "/usr/bin/python3";

    public static string Root { get; } = FindRoot();

    public static string TestProject => Path.Combine(Root, "tests", "RevOps.Grpc.Tests");

    public static string PythonPeers => Path.Combine(TestProject, "peers", "python");

    public static string NodePeers => Path.Combine(TestProject, "peers", "node");

    public static string TestProtos => Path.Combine(TestProject, "Protos");

    public static string LibraryProtos => Path.Combine(Root, "src", "RevOps.Grpc", "Protos");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RevOps.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"RevOps.sln not found above {AppContext.BaseDirectory}.");
    }
}
