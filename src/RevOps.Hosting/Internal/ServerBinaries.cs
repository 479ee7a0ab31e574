using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace RevOps.Hosting.Internal;

/// <summary>Finds the Debian server binaries and installs the package with apt-get when we may.</summary>
internal static partial class ServerBinaries
{
    private static readonly SemaphoreSlim AptGate = new(1, 1);
    private static bool _aptUpdated;

    public static async Task<string> EnsureAsync(string package, Func<string?> locate, ILogger logger, CancellationToken ct)
    {
        if (locate() is { } found)
        {
            return found;
        }
        if (!NativeMethods.IsRoot || !File.Exists("/etc/debian_version") || !File.Exists("/usr/bin/apt-get"))
        {
            throw new DistributedApplicationException(
                $"The '{package}' server is not installed. Install the Debian package: sudo apt-get install {package}");
        }
        await AptGate.WaitAsync(ct);
        try
        {
            if (locate() is { } installedMeanwhile)
            {
                return installedMeanwhile;
            }
            LogInstalling(logger, package);
            if (!_aptUpdated)
            {
                await RunAsync("apt-get", ["update", "-qq"], ct);
                _aptUpdated = true;
            }
            await RunAsync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", package], ct);
            // Debian starts the packaged service on install; we run our own instances on free ports.
            await RunAsync("service", [package, "stop"], ct, throwOnFailure: false);
        }
        finally
        {
            AptGate.Release();
        }
        return locate() ?? throw new DistributedApplicationException(
            $"apt-get installed '{package}' but its server binary is still missing.");
    }

    public static string? PostgresBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }
        return Directory.GetDirectories(root)
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            .Where(x => File.Exists(Path.Combine(x.Dir, "postgres")) && File.Exists(Path.Combine(x.Dir, "initdb")))
            .OrderByDescending(x => x.Version)
            .Select(x => x.Dir)
            .FirstOrDefault();
    }

    public static string? Existing(params string[] paths) => paths.FirstOrDefault(File.Exists);

    private static async Task RunAsync(string file, string[] args, CancellationToken ct, bool throwOnFailure = true)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        using var process = Process.Start(psi) ?? throw new DistributedApplicationException($"Could not run {file}.");
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (throwOnFailure && process.ExitCode != 0)
        {
            throw new DistributedApplicationException(
                $"'{file} {string.Join(' ', args)}' failed with exit code {process.ExitCode}: {await stderr}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Installing the missing Debian package {Package} with apt-get")]
    private static partial void LogInstalling(ILogger logger, string package);
}
