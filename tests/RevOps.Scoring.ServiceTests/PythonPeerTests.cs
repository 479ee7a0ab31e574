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

    [Fact]
    public async Task A_python_grpcio_reflection_client_lists_every_service_of_a_running_replica_with_the_file_defining_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var address = stack.ReplicaAddress(0);
        var info = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.Combine(AppContext.BaseDirectory, "peers"),
            ArgumentList =
            {
                "reflection_client.py", Path.Combine(RepositoryDirectory("src/RevOps.Grpc/Protos"), "grpc", "reflection", "v1", "reflection.proto"),
                "v1", address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        using var python = Process.Start(info)!;
        var output = python.StandardOutput.ReadToEndAsync(ct);
        var errors = python.StandardError.ReadToEndAsync(ct);
        await python.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
        Assert.True(python.ExitCode == 0, $"python exited with {python.ExitCode}: {await errors}");

        Assert.Equal(
            [
                "SERVICE grpc.health.v1.Health grpc/health/v1/health.proto",
                "SERVICE grpc.reflection.v1.ServerReflection grpc/reflection/v1/reflection.proto",
                "SERVICE grpc.reflection.v1alpha.ServerReflection grpc/reflection/v1alpha/reflection.proto",
                "SERVICE revops.v1.LeadIngestion revops/v1/ingestion.proto",
                "SERVICE revops.v1.RevenueContract revops/v1/contract.proto",
            ],
            (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    private static string ProtosDirectory() => RepositoryDirectory("src/RevOps.Contracts/Protos");

    private static string RepositoryDirectory(string relative)
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
