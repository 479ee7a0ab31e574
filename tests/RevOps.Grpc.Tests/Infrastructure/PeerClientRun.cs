using RevOps.Grpc.Tests.Interop;

namespace RevOps.Grpc.Tests.Infrastructure;

/// <summary>Runs a peer's interop client once over every case against our server; each test then reads its case's line.</summary>
public abstract class PeerClientRun : IAsyncLifetime
{
    private string output = "";
    private string errors = "";

    protected abstract (string FileName, string WorkingDirectory, string[] Arguments) Command(int port);

    public async ValueTask InitializeAsync()
    {
        await using var server = await TestServer.StartAsync();
        var (fileName, workingDirectory, arguments) = Command(server.GrpcAddress.Port);
        await using var peer = PeerProcess.Start(fileName, workingDirectory, [.. arguments, .. InteropCase.All]);
        await peer.WaitForExitAsync(TimeSpan.FromSeconds(120));
        output = peer.Output;
        errors = peer.Errors;
    }

    /// <summary>Fails with the peer's own words unless it printed "PASS name".</summary>
    public void AssertPassed(string name)
    {
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        if (lines.Contains($"PASS {name}"))
        {
            return;
        }
        var failure = lines.FirstOrDefault(l => l.StartsWith($"FAIL {name}:", StringComparison.Ordinal));
        Assert.Fail(failure ?? $"The peer printed no result for {name}.\nstdout:\n{output}\nstderr:\n{errors}");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
