using System.Diagnostics;
using System.Text.Json;

namespace RevOps.Scoring.ServiceTests;

public sealed class PythonPeerTests(ScoringStack stack)
{
    [Fact]
    public async Task A_python_grpcio_client_submits_a_lead_and_gets_field_errors_through_the_generic_call_api()
    {
        var ct = TestContext.Current.CancellationToken;
        var email = $"py-{Guid.NewGuid():N}@example.com";
        var address = stack.ReplicaAddress(1);
        var info = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "peers", "submit_lead.py"), $"{address.Host}:{address.Port}", ProtosDirectory(), email },
        };
        using var python = Process.Start(info)!;
        var output = python.StandardOutput.ReadToEndAsync(ct);
        var errors = python.StandardError.ReadToEndAsync(ct);
        await python.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
        Assert.True(python.ExitCode == 0, $"python exited with {python.ExitCode}: {await errors}");

        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var bad = lines.Single(l => l.GetProperty("call").GetString() == "bad");
        Assert.Equal("INVALID_ARGUMENT", bad.GetProperty("code").GetString());
        Assert.Contains("lead.email", bad.GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.True(bad.GetProperty("has_status_details").GetBoolean());

        var good = lines.Single(l => l.GetProperty("call").GetString() == "good");
        Assert.True(good.GetProperty("created").GetBoolean());
        Assert.Equal(40, good.GetProperty("total").GetInt32());
        Assert.True(good.GetProperty("replayed_again").GetBoolean());
        Assert.True(good.GetProperty("same_lead_again").GetBoolean());
        var leadId = Guid.Parse(good.GetProperty("lead_id").GetString()!);
        Assert.Equal(email, await stack.ScalarAsync<string>(stack.ScoringDb, "SELECT email FROM leads WHERE id = $1", leadId));
    }

    private static string ProtosDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var protos = Path.Combine(directory.FullName, "src", "RevOps.Contracts", "Protos");
            if (Directory.Exists(protos))
                return protos;
        }
        throw new DirectoryNotFoundException($"src/RevOps.Contracts/Protos not found above {AppContext.BaseDirectory}");
    }
}
