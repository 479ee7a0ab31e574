using System.Diagnostics;

namespace RevOps.Grpc.Bench;

/// <summary>Our client as the load generator: a fixed number of concurrent call loops over one channel.</summary>
public static class ClientLoad
{
    public static async Task<LoadResult> RunAsync(Uri address, int streams, int seconds)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var invoker = channel.CreateCallInvoker();
        var method = Method.Create<ScoreRequest, ScoreReply>(BenchReflection.Descriptor.Services[0].Methods[0]);
        var warmUpEnd = DateTime.UtcNow.AddSeconds(1);
        var end = warmUpEnd.AddSeconds(seconds);
        var perLoop = new List<double>[streams];
        long failed = 0;
        var loops = Enumerable.Range(0, streams).Select(async i =>
        {
            var latencies = perLoop[i] = new List<double>(100_000);
            while (true)
            {
                var started = Stopwatch.GetTimestamp();
                if (DateTime.UtcNow >= end)
                {
                    return;
                }
                try
                {
                    await invoker.AsyncUnaryCall(method, null, default, Payloads.Request);
                    if (DateTime.UtcNow >= warmUpEnd)
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }
                catch (RpcException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }).ToList();
        await Task.WhenAll(loops);
        return LoadResult.FromLatencies(perLoop.SelectMany(l => l).ToList(), seconds, failed);
    }
}
