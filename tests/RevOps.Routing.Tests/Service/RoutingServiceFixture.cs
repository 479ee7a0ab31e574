using System.Threading.Channels;
using Google.Protobuf;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RevOps.Contracts.Events;
using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.Hosting;
using RevOps.Redis;

namespace RevOps.Routing.Tests.Service;

/// <summary>
/// The real stack from the test host: PostgreSQL (routingdb), Redis, RabbitMQ and two replicas of the routing service, plus a
/// bus for this test run that publishes leads and collects every LeadAssigned.
/// </summary>
public sealed class RoutingServiceFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private DistributedApplication? _app;
    private IBusControl? _bus;
    private GrpcChannel? _channel;
    private readonly Channel<LeadAssigned> _assigned = Channel.CreateUnbounded<LeadAssigned>();
    private readonly Dictionary<Guid, List<LeadAssigned>> _byLead = [];

    public RedisConnection Redis { get; private set; } = null!;

    /// <summary>The service's own database: its inbox says which messages it has consumed, its outbox which events it emitted.</summary>
    public NpgsqlDataSource RoutingDb { get; private set; } = null!;
    public CallInvoker Routing { get; private set; } = null!;
    public IBus Bus => _bus!;

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { ForTesting = true });
        var routingdb = builder.AddPostgres("postgres").AddDatabase("routingdb");
        var redis = builder.AddRedis("redis");
        var messaging = builder.AddRabbitMQ("messaging");
        builder.AddProject<Projects.RevOps_Routing>("routing")
            .WithReference(routingdb).WithReference(redis).WithReference(messaging)
            .WaitFor(routingdb).WaitFor(redis).WaitFor(messaging)
            .WithReplicas(2); // two consumers compete for every queue: the capacity and exactly-once checks hold across them
        _app = builder.Build();
        await _app.StartAsync(timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("routing-0", timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("routing-1", timeout.Token);

        RoutingDb = NpgsqlDataSource.Create((await _app.GetConnectionStringAsync("routingdb", timeout.Token))!);
        Redis = await RedisConnection.ConnectAsync((await _app.GetConnectionStringAsync("redis", timeout.Token))!);
        _channel = GrpcChannel.ForAddress(_app.GetEndpoint("routing", "grpc"));
        Routing = _channel.CreateCallInvoker();

        var broker = Broker = new Uri((await _app.GetConnectionStringAsync("messaging", timeout.Token))!);
        _bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.UseBroker(broker);
            rabbit.ReceiveEndpoint("routing-tests-lead-assigned", e =>
                e.Handler<LeadAssigned>(context => _assigned.Writer.WriteAsync(context.Message).AsTask()));
        });
        await _bus.StartAsync(timeout.Token);
    }

    public Task<TResponse> CallAsync<TRequest, TResponse>(string method, TRequest request)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var descriptor = RoutingReflection.Descriptor.Services[0].FindMethodByName(method)
            ?? throw new ArgumentException($"revops.v1.Routing has no method {method}.", nameof(method));
        var call = Routing.AsyncUnaryCall(Method.Create<TRequest, TResponse>(descriptor), null,
            new CallOptions(CancellationToken: TestContext.Current.CancellationToken), request);
        return call.ResponseAsync;
    }

    /// <summary>Waits until every lead has at least <paramref name="each"/> LeadAssigned, then returns all received for them so far.</summary>
    public async Task<IReadOnlyDictionary<Guid, List<LeadAssigned>>> WaitForAssignmentsAsync(IReadOnlyCollection<Guid> leads, TimeSpan timeout, int each = 1)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        while (leads.Any(l => !_byLead.TryGetValue(l, out var got) || got.Count < each))
        {
            var assigned = await _assigned.Reader.ReadAsync(deadline.Token);
            if (!_byLead.TryGetValue(assigned.LeadId, out var list))
                _byLead[assigned.LeadId] = list = [];
            list.Add(assigned);
        }
        while (_assigned.Reader.TryRead(out var more))
        {
            if (!_byLead.TryGetValue(more.LeadId, out var list))
                _byLead[more.LeadId] = list = [];
            list.Add(more);
        }
        return leads.ToDictionary(l => l, l => _byLead[l]);
    }

    /// <summary>Waits until routing has consumed (committed the inbox row of) every one of these messages.</summary>
    public async Task WaitForConsumedAsync(IReadOnlyCollection<Guid> messageIds, TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        await using var command = RoutingDb.CreateCommand("SELECT count(*) FROM inbox WHERE message_id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = messageIds.ToArray() });
        while ((long)(await command.ExecuteScalarAsync(deadline.Token))! < messageIds.Count)
            await Task.Delay(100, deadline.Token);
    }

    /// <summary>How many LeadAssigned events routing wrote to its outbox for these leads (published or not yet).</summary>
    public async Task<long> LeadAssignedEmittedAsync(IReadOnlyCollection<Guid> leads)
    {
        await using var command = RoutingDb.CreateCommand(
            "SELECT count(*) FROM outbox WHERE message_type LIKE 'RevOps.Contracts.Events.LeadAssigned,%' AND (body->>'leadId')::uuid = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = leads.ToArray() });
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    public Uri Broker { get; private set; } = null!;

    public Uri RoutingHttp => _app!.GetEndpoint("routing", "http");

    public Uri RoutingGrpc => _app!.GetEndpoint("routing", "grpc");

    public Task StopRedisAsync() => _app!.StopResourceAsync("redis", TestContext.Current.CancellationToken);

    public Task StartRedisAsync() => _app!.StartResourceAsync("redis", TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_bus is not null)
            await _bus.StopAsync(CancellationToken.None);
        _channel?.Dispose();
        if (Redis is not null)
            await Redis.DisposeAsync();
        if (RoutingDb is not null)
            await RoutingDb.DisposeAsync();
        if (_app is not null)
            await _app.DisposeAsync();
    }
}
