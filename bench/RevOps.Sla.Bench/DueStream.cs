using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RevOps.Contracts.Events;
using RevOps.Pipeline.Bench;
using RevOps.Scoring.Bench;
using RevOps.Sla.Data;
using RevOps.Sla.Domain;

namespace RevOps.Sla.Bench;

/// <summary>What the running SLA service made of a stream of clocks coming due at a steady rate.</summary>
internal sealed record DueStreamResult(int Due, int Received, int Duplicates, Latencies Lateness, Latencies Recorded, Latencies Reference, long PeakRss);

/// <summary>
/// Arms clocks due at a steady rate, each second's clocks ten seconds before they come due (inside the service's claim
/// horizon, as a lead assigned earlier would be), and records when each one's SlaBreached reaches a consumer on the broker.
/// A Task.Delay loop in this process waits for the same due times: the lateness any .NET timer sees on this machine now.
/// </summary>
internal static class DueStream
{
    private static readonly TimeSpan ArmAhead = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Drain = TimeSpan.FromMinutes(2);

    public static async Task<DueStreamResult> RunAsync(ClockStore store, NpgsqlDataSource dataSource, string messaging, int slaPid,
        int perSecond, int seconds)
    {
        var t0 = DateTimeOffset.UtcNow + ArmAhead + TimeSpan.FromSeconds(2);
        var clocks = Enumerable.Range(0, perSecond * seconds).Select(i =>
        {
            var due = t0 + TimeSpan.FromSeconds((double)i / perSecond);
            return new SlaClock
            {
                Id = Guid.NewGuid(), LeadId = Guid.NewGuid(), AssignmentId = Guid.NewGuid(), OwnerRepId = $"rep{i % 500}", TeamId = "emea",
                ClauseId = "first_touch", Kind = ClockKind.FirstTouch, ContractVersion = 1, StartedAt = due.AddHours(-4), DueAt = due,
            };
        }).ToList();
        var ids = clocks.Select(c => c.Id).ToHashSet();

        var received = new ConcurrentDictionary<Guid, bool>();
        var lateness = new Latencies();
        var duplicates = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bus = StartBus(messaging, breached =>
        {
            if (!ids.Contains(breached.ClockId))
                return;
            if (!received.TryAdd(breached.ClockId, true))
            {
                Interlocked.Increment(ref duplicates);
                return;
            }
            lateness.Add(DateTimeOffset.UtcNow - breached.DueAt);
            if (received.Count == ids.Count)
                all.TrySetResult();
        });
        await bus.StartAsync();
        try
        {
            using var done = new CancellationTokenSource();
            var peakRss = 0L;
            var sampler = Task.Run(async () =>
            {
                using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
                try
                {
                    do
                        peakRss = Math.Max(peakRss, ProcessMemory.Rss(slaPid) ?? 0);
                    while (await tick.WaitForNextTickAsync(done.Token));
                }
                catch (OperationCanceledException)
                {
                    // The stream is over.
                }
            });
            var reference = Task.Run(() => ReferenceTimer(clocks.Select(c => c.DueAt)));
            foreach (var second in clocks.Chunk(perSecond))
            {
                var wait = second[0].DueAt - ArmAhead - DateTimeOffset.UtcNow;
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait);
                await store.ArmAsync(second);
            }
            await Task.WhenAny(all.Task, Task.Delay(t0 + TimeSpan.FromSeconds(seconds) + Drain - DateTimeOffset.UtcNow));
            done.Cancel();
            await sampler;
            return new DueStreamResult(ids.Count, received.Count, duplicates, lateness, await Recorded(dataSource, [.. ids]),
                await reference, peakRss);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    private static async Task<Latencies> ReferenceTimer(IEnumerable<DateTimeOffset> dueTimes)
    {
        var lateness = new Latencies();
        foreach (var due in dueTimes)
        {
            // Rounded up to whole milliseconds as the service's timer rounds them (a shorter wait would spin).
            var wait = Math.Ceiling((due - DateTimeOffset.UtcNow).TotalMilliseconds);
            if (wait > 0)
                await Task.Delay(TimeSpan.FromMilliseconds(wait));
            lateness.Add(DateTimeOffset.UtcNow - due);
        }
        return lateness;
    }

    /// <summary>Lateness as the service recorded it on each breach: due time to the start of the transaction that fired it.</summary>
    private static async Task<Latencies> Recorded(NpgsqlDataSource dataSource, Guid[] ids)
    {
        var recorded = new Latencies();
        await using var command = dataSource.CreateCommand("SELECT lateness FROM breaches WHERE clock_id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            recorded.Add(reader.GetTimeSpan(0));
        return recorded;
    }

    private static IBusControl StartBus(string messaging, Action<SlaBreached> onBreached)
    {
        return Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.UseBroker(new Uri(messaging));
            rabbit.ReceiveEndpoint("sla-bench-breaches", endpoint => endpoint.Handler<SlaBreached>(context =>
            {
                onBreached(context.Message);
                return Task.CompletedTask;
            }));
        });
    }
}
