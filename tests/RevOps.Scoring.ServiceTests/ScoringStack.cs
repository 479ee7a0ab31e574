using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RevOps.Contracts.Events;
using RevOps.Grpc;
using RevOps.Hosting;
using RevOps.Scoring.ServiceTests.Infrastructure;

[assembly: AssemblyFixture(typeof(RevOps.Scoring.ServiceTests.ScoringStack))]
// One stack for every test; tests kill replicas and activate contracts, so they take turns.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace RevOps.Scoring.ServiceTests;

/// <summary>
/// PostgreSQL, RabbitMQ and two replicas of the scoring service as real processes, plus an observer in the test process:
/// MassTransit consumers with an inbox that record every scoring event they receive in their own database.
/// </summary>
public sealed class ScoringStack : IAsyncLifetime
{
    public const string Service = "scoring";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private DistributedApplication? _app;
    private IHost? _observer;
    private readonly List<GrpcChannel> _channels = [];

    public DistributedApplication App => _app!;

    /// <summary>scoringdb, for checking what the service wrote.</summary>
    public NpgsqlDataSource ScoringDb { get; private set; } = null!;

    /// <summary>The observer's database: observed_events and its inbox.</summary>
    public NpgsqlDataSource ObserverDb { get; private set; } = null!;

    /// <summary>The service through the test host's proxy, which spreads calls over both replicas.</summary>
    public ScoringClient Client { get; private set; } = null!;

    public ScoringClient[] Replicas { get; private set; } = [];

    public Uri ReplicaAddress(int replica) => App.GetEndpoint($"{Service}-{replica}", "grpc");

    /// <summary>How many calls the proxy has handed each replica so far.</summary>
    public long[] ReplicaCalls() => [.. Replicas.Select((_, i) => App.ResourceNotifications.GetSnapshot($"{Service}-{i}").Calls!.Value)];

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var ct = timeout.Token;
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { ForTesting = true });
        var postgres = builder.AddPostgres("postgres");
        var scoringDb = postgres.AddDatabase("scoringdb");
        postgres.AddDatabase("observerdb");
        var messaging = builder.AddRabbitMQ("messaging");
        builder.AddProject<Projects.RevOps_Scoring>(Service)
            .WithReference(scoringDb).WaitFor(scoringDb)
            .WithReference(messaging).WaitFor(messaging)
            .WithReplicas(2);
        _app = builder.Build();
        await _app.StartAsync(ct);

        await _app.ResourceNotifications.WaitForResourceHealthyAsync("observerdb", ct);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("messaging", ct);
        var messagingConnection = (await _app.GetConnectionStringAsync("messaging", ct))!;
        var observerConnection = (await _app.GetConnectionStringAsync("observerdb", ct))!;
        _observer = BuildObserver(observerConnection, messagingConnection);
        // Queues are bound before the service starts publishing: nothing it sends is missed.
        await _observer.StartAsync(ct);
        ObserverDb = _observer.Services.GetRequiredService<NpgsqlDataSource>();

        await _app.ResourceNotifications.WaitForResourceHealthyAsync($"{Service}-0", ct);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync($"{Service}-1", ct);
        ScoringDb = NpgsqlDataSource.Create((await _app.GetConnectionStringAsync("scoringdb", ct))!);
        Client = new ScoringClient(Channel(App.GetEndpoint(Service, "grpc")));
        Replicas = [new ScoringClient(Channel(ReplicaAddress(0))), new ScoringClient(Channel(ReplicaAddress(1)))];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
            channel.Dispose();
        if (ScoringDb is not null)
            await ScoringDb.DisposeAsync();
        if (_observer is not null)
        {
            await _observer.StopAsync(CancellationToken.None);
            _observer.Dispose();
        }
        if (_app is not null)
            await _app.DisposeAsync();
    }

    /// <summary>A channel of our own (not shared with the fixture's clients), e.g. for a call a test cancels or a replica it kills.</summary>
    public GrpcChannel Channel(Uri address)
    {
        var channel = GrpcChannel.ForAddress(address);
        lock (_channels)
            _channels.Add(channel);
        return channel;
    }

    /// <summary>How many <paramref name="eventType"/> events the observer recorded whose JSON field <paramref name="field"/> equals <paramref name="value"/>.</summary>
    public async Task<long> ObservedAsync(string eventType, string field, string value)
    {
        await using var command = ObserverDb.CreateCommand("SELECT count(*) FROM observed_events WHERE message_type = $1 AND body ->> $2 = $3");
        command.Parameters.Add(new() { Value = eventType });
        command.Parameters.Add(new() { Value = field });
        command.Parameters.Add(new() { Value = value });
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    /// <summary>The JSON bodies of the <paramref name="eventType"/> events the observer recorded for a lead, in the order they happened.</summary>
    public async Task<IReadOnlyList<JsonElement>> ObservedBodiesAsync(string eventType, string leadId)
    {
        await using var command = ObserverDb.CreateCommand(
            "SELECT body::text FROM observed_events WHERE message_type = $1 AND body ->> 'leadId' = $2 ORDER BY (body ->> 'occurredAt')::timestamptz, observed_at");
        command.Parameters.Add(new() { Value = eventType });
        command.Parameters.Add(new() { Value = leadId });
        var bodies = new List<JsonElement>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            using var body = JsonDocument.Parse(reader.GetString(0));
            bodies.Add(body.RootElement.Clone());
        }
        return bodies;
    }

    public async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql, params object[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        return (T)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    private static IHost BuildObserver(string database, string messaging)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:observerdb"] = database,
            ["ConnectionStrings:messaging"] = messaging,
        });
        builder.AddNpgsqlDataSource("observerdb", typeof(ScoringStack).Assembly);
        builder.AddMessaging(bus =>
        {
            Observe<LeadCaptured>(bus);
            Observe<LeadScored>(bus);
            Observe<LeadQualified>(bus);
            Observe<ActivityRecorded>(bus);
            Observe<LeadTouched>(bus);
            Observe<LeadAccepted>(bus);
            Observe<LeadRejected>(bus);
            Observe<OpportunityUpdated>(bus);
            Observe<ContractActivated>(bus);
        });
        return builder.Build();
    }

    private static void Observe<T>(IBusRegistrationConfigurator bus) where T : class, IIntegrationEvent =>
        bus.AddConsumer<EventObserver<T>>().Endpoint(e => e.Name = $"scoring-tests-{typeof(T).Name}");
}
