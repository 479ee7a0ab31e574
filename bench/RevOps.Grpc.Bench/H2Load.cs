using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace RevOps.Grpc.Bench;

/// <summary>Runs h2load with a pre-framed gRPC body and reads throughput and per-request latencies from its log.</summary>
public static partial class H2Load
{
    public static async Task<LoadResult> RunAsync(int port, int streams, int seconds, string bodyFile)
    {
        // Streams spread over connections of at most 16 each, within every server's concurrent-stream limit.
        var connections = Math.Max(1, streams / 16);
        var perConnection = streams / connections;
        var log = Path.GetTempFileName();
        var info = new ProcessStartInfo("h2load")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-c", connections.ToString(CultureInfo.InvariantCulture), "-m", perConnection.ToString(CultureInfo.InvariantCulture),
            "-D", seconds.ToString(CultureInfo.InvariantCulture), "--warm-up-time=300ms", "-t", "1",
            "-H", "content-type: application/grpc", "-H", "te: trailers", "-d", bodyFile, "--log-file", log,
            $"http://127.0.0.1:{port}{Payloads.Path}",
        })
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var failed = long.Parse(FailedPattern().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var latencies = new List<double>();
        foreach (var line in await File.ReadAllLinesAsync(log))
        {
            var columns = line.Split('\t');
            if (columns.Length >= 3 && columns[1] == "200")
            {
                latencies.Add(double.Parse(columns[2], CultureInfo.InvariantCulture) / 1000.0);
            }
        }
        File.Delete(log);
        return LoadResult.FromLatencies(latencies, seconds, failed);
    }

    [GeneratedRegex(@"requests: .*?, (\d+) failed")]
    private static partial Regex FailedPattern();
}
