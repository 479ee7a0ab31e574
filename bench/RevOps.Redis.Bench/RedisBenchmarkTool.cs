using System.Diagnostics;
using System.Globalization;

namespace RevOps.Redis.Bench;

/// <summary>Runs /usr/bin/redis-benchmark against the same server and reads its CSV line.</summary>
internal static class RedisBenchmarkTool
{
    public sealed record Result(double OpsPerSecond, double P50Ms, double P99Ms);

    public static async Task<Result> RunAsync(int port, int clients, int pipeline, long requests, IReadOnlyList<string> command)
    {
        var info = new ProcessStartInfo("/usr/bin/redis-benchmark") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture),
                     "-c", clients.ToString(CultureInfo.InvariantCulture), "-P", pipeline.ToString(CultureInfo.InvariantCulture),
                     "-n", requests.ToString(CultureInfo.InvariantCulture), "--csv", .. command])
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("redis-benchmark did not start.");
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        // CSV: "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
        var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => !l.StartsWith("\"test\"", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"redis-benchmark printed nothing useful: {stdout} {stderr}");
        var cells = line.Split(',').Select(c => c.Trim('"')).ToArray();
        double Cell(int i) => double.Parse(cells[i], CultureInfo.InvariantCulture);
        return new Result(Cell(1), Cell(4), Cell(6));
    }
}
