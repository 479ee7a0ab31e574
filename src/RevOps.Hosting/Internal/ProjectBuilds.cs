using System.Diagnostics;

namespace RevOps.Hosting.Internal;

/// <summary>Resolves the built assembly of a project added by path, building it once.</summary>
internal static class ProjectBuilds
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<string> AssemblyPathAsync(ProjectResource project, CancellationToken ct)
    {
        if (project.AssemblyPath is { } known)
        {
            return File.Exists(known)
                ? known
                : throw new DistributedApplicationException($"'{known}' is missing: build the AppHost (dotnet build) so '{project.Name}' is built too.");
        }
        await Gate.WaitAsync(ct);
        try
        {
            if (project.AssemblyPath is { } builtMeanwhile)
            {
                return builtMeanwhile;
            }
            var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in (string[])["build", project.ProjectPath, "-nologo", "-v:q", "-getProperty:TargetPath"])
            {
                psi.ArgumentList.Add(arg);
            }
            using var process = Process.Start(psi) ?? throw new DistributedApplicationException("Could not run dotnet build.");
            var stderr = process.StandardError.ReadToEndAsync(ct);
            var output = (await process.StandardOutput.ReadToEndAsync(ct)).Trim();
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0 || !File.Exists(output))
            {
                throw new DistributedApplicationException($"Building '{project.ProjectPath}' failed:{Environment.NewLine}{output}{await stderr}");
            }
            project.AssemblyPath = output;
            return output;
        }
        finally
        {
            Gate.Release();
        }
    }
}
