using System.Reflection;
using System.Security.Cryptography;

namespace RevOps.Hosting.Internal;

internal static class DataDirectories
{
    /// <summary>`.revops/` at the repository root: found from the AppHost's project folder, else from the current folder.</summary>
    public static string ForRun()
    {
        var projectDir = Assembly.GetEntryAssembly()?.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RevOps.AppHostProjectDirectory")?.Value;
        var root = FindRepositoryRoot(projectDir) ?? FindRepositoryRoot(Environment.CurrentDirectory) ?? Environment.CurrentDirectory;
        return Path.Combine(root, ".revops");
    }

    public static string ForTest() =>
        Path.Combine(Path.GetTempPath(), "revops-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5)));

    private static string? FindRepositoryRoot(string? start)
    {
        for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git"))
                || dir.EnumerateFiles("*.sln").Any())
            {
                return dir.FullName;
            }
        }
        return null;
    }
}
