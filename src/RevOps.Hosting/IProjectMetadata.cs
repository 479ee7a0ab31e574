namespace RevOps.Hosting;

/// <summary>A project the AppHost can run; the build generates one per ProjectReference under the Projects namespace.</summary>
public interface IProjectMetadata
{
    /// <summary>Full path of the .csproj.</summary>
    string ProjectPath { get; }

    /// <summary>Full path of the built assembly, run as `dotnet &lt;AssemblyPath&gt;`.</summary>
    string AssemblyPath { get; }
}
