using System.Diagnostics;
using System.Text.Json;

namespace RevOps.Reporting.ServiceTests;

public sealed class PythonPeerTests(ReportingStack stack)
{
    [Fact]
    public async Task A_python_grpcio_client_gets_the_what_if_example_and_field_errors()
    {
        var ct = TestContext.Current.CancellationToken;
        var address = stack.GrpcAddress;
        var info = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "peers", "what_if.py"), $"{address.Host}:{address.Port}", ProtosDirectory() },
        };
        using var python = Process.Start(info)!;
        var output = python.StandardOutput.ReadToEndAsync(ct);
        var errors = python.StandardError.ReadToEndAsync(ct);
        await python.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
        Assert.True(python.ExitCode == 0, $"python exited with {python.ExitCode}: {await errors}");

        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var good = lines.Single(l => l.GetProperty("call").GetString() == "good");
        Assert.Equal(("1500.000000000", "5600.000000000", "3.700000000", "USD"),
            (good.GetProperty("baseline").GetString(), good.GetProperty("scenario").GetString(), good.GetProperty("multiple").GetString(),
             good.GetProperty("currency").GetString()));
        var bad = lines.Single(l => l.GetProperty("call").GetString() == "bad");
        Assert.Equal("INVALID_ARGUMENT", bad.GetProperty("code").GetString());
        Assert.Contains("baseline.stage_conversion_rates[0]", bad.GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.True(bad.GetProperty("has_status_details").GetBoolean());
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
