using System.Diagnostics;
using System.Text.Json;

namespace RevOps.Testing;

/// <summary>
/// Runs one of a test project's python3-grpcio peers (the scripts under peers/, copied beside the test assembly) against a
/// running service: a gRPC client that is not ours. Linked into each service test project that has peers.
/// </summary>
internal static class PythonPeer
{
    /// <summary>Debian's python3, the one python3-grpcio and python3-grpc-tools are installed for.</summary>
    private const string Python = "/usr/bin/python3";

    public static string PeersDirectory => Path.Combine(AppContext.BaseDirectory, "peers");

    /// <summary>The revops.v1 .proto files the peers compile their messages from.</summary>
    public static string ProtosDirectory => RepositoryDirectory("src/RevOps.Contracts/Protos");

    /// <summary>Runs peers/<paramref name="script"/> and returns its standard output; fails the test when it exits non-zero.</summary>
    public static async Task<string> RunAsync(string script, params string[] arguments)
    {
        var ct = TestContext.Current.CancellationToken;
        var info = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = PeersDirectory,
            ArgumentList = { Path.Combine(PeersDirectory, script) },
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var python = Process.Start(info)!;
        var output = python.StandardOutput.ReadToEndAsync(ct);
        var errors = python.StandardError.ReadToEndAsync(ct);
        await python.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
        Assert.True(python.ExitCode == 0, $"{script} exited with {python.ExitCode}: {await errors}");
        return await output;
    }

    /// <summary>The peer's output as one JSON object per line, keyed by its "call" property.</summary>
    public static IReadOnlyDictionary<string, JsonElement> Calls(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToDictionary(line => line.GetProperty("call").GetString()!);

    public static string RepositoryDirectory(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relative);
            if (Directory.Exists(candidate))
                return candidate;
        }
        throw new DirectoryNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }
}
