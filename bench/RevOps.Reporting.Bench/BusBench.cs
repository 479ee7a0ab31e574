using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RevOps.Hosting;

namespace RevOps.Reporting.Bench;

/// <summary>
/// Ingestion end to end: the events published to RabbitMQ (each with its event id as message id, as the services' relays do)
/// while the reporting service is stopped, then drained by the real service: timed from its first inbox row to the last, so
/// neither the publisher nor the service's start-up shares the time. The reference is <see cref="BenchEvents.ReferenceAsync"/>
/// against the same PostgreSQL.
/// </summary>
internal static class BusBench
{
    private const int PublishersInFlight = 200;

    public static async Task RunAsync(int leads)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { ForTesting = true });
        var postgres = builder.AddPostgres("postgres");
        var reportingDb = postgres.AddDatabase("reportingdb");
        postgres.AddDatabase("publisherdb");
        var messaging = builder.AddRabbitMQ("messaging");
        builder.AddProject<Projects.RevOps_Reporting>("reporting")
            .WithReference(reportingDb).WaitFor(reportingDb)
            .WithReference(messaging).WaitFor(messaging);
        await using var app = builder.Build();
        await app.StartAsync();
        await app.ResourceNotifications.WaitForResourceHealthyAsync("reporting");
        await app.ResourceNotifications.WaitForResourceHealthyAsync("publisherdb");

        using var publisher = BuildPublisher((await app.GetConnectionStringAsync("publisherdb"))!, (await app.GetConnectionStringAsync("messaging"))!);
        await publisher.StartAsync();
        var bus = publisher.Services.GetRequiredService<IBus>();
        await using var db = NpgsqlDataSource.Create((await app.GetConnectionStringAsync("reportingdb"))!);

        var events = BenchEvents.Shuffled(leads);
        Console.WriteLine($"{events.Length:N0} events for {leads:N0} leads, shuffled, published to RabbitMQ with {PublishersInFlight} in flight");
        var reference = await BenchEvents.ReferenceAsync(db, events);

        // Healthy means the queues are declared and bound: stop the service and let them fill.
        await app.StopResourceAsync("reporting");
        var publishing = Stopwatch.StartNew();
        foreach (var chunk in events.Chunk(PublishersInFlight))
            await Task.WhenAll(chunk.Select(e => bus.Publish(e, e.GetType(), c => c.MessageId = e.EventId)));
        Console.WriteLine($"published in {publishing.Elapsed.TotalMilliseconds:N0} ms ({events.Length / publishing.Elapsed.TotalSeconds:N0}/s)");

        await app.StartResourceAsync("reporting");
        Stopwatch? draining = null;
        long inbox;
        do
        {
            await Task.Delay(20);
            await using var count = db.CreateCommand("SELECT count(*) FROM inbox");
            inbox = (long)(await count.ExecuteScalarAsync())!;
            if (inbox > 0)
                draining ??= Stopwatch.StartNew();
        }
        while (inbox < events.Length);
        var elapsed = draining!.Elapsed;
        Console.WriteLine($"ingestion through RabbitMQ by the reporting service: {events.Length / elapsed.TotalSeconds:N0}/s ({elapsed.TotalMilliseconds:N0} ms), "
            + $"{elapsed / reference:N2}x the reference ({reference.TotalMilliseconds:N0} ms)");
        await publisher.StopAsync();
    }

    private static IHost BuildPublisher(string database, string messaging)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:publisherdb"] = database,
            ["ConnectionStrings:messaging"] = messaging,
        });
        builder.AddNpgsqlDataSource("publisherdb", typeof(BusBench).Assembly);
        builder.AddMessaging();
        return builder.Build();
    }
}
