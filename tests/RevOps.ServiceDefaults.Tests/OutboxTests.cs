using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RevOps.ServiceDefaults.Messaging;

namespace RevOps.ServiceDefaults.Tests;

public sealed record WidgetMade(Guid Id, string Name);

public sealed class WidgetMadeConsumer(NpgsqlDataSource dataSource) : InboxConsumer<WidgetMade>(dataSource)
{
    protected override async Task HandleAsync(WidgetMade message, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand("INSERT INTO widgets (id, name) VALUES ($1, $2)", transaction.Connection, transaction)
        {
            Parameters = { new() { Value = message.Id }, new() { Value = message.Name } },
        };
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}

public sealed class OutboxTests(InfrastructureFixture infrastructure) : IClassFixture<InfrastructureFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Committed_events_are_delivered_once_and_rolled_back_ones_never_even_when_the_relay_publishes_again()
    {
        var ct = TestContext.Current.CancellationToken;
        using var host = BuildHost();
        var deliveries = new DeliveryCounter("kept-");
        host.Services.GetRequiredService<IBus>().ConnectConsumeObserver(deliveries);
        await host.StartAsync(ct);
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();

        var committed = Enumerable.Range(0, 40).Select(i => new WidgetMade(Guid.NewGuid(), $"kept-{i}")).ToList();
        foreach (var widget in committed)
            await EnqueueAsync(dataSource, widget, commit: true, ct);
        for (var i = 0; i < 10; i++)
            await EnqueueAsync(dataSource, new WidgetMade(Guid.NewGuid(), $"rolled-back-{i}"), commit: false, ct);

        await Until(() => deliveries.Count >= committed.Count, ct);
        Assert.Equal(committed.Select(w => w.Id).Order(), await WidgetIds(dataSource, "kept-", ct));
        Assert.Empty(await WidgetIds(dataSource, "rolled-back-", ct));

        // A relay that crashed after the broker's confirm but before its commit publishes the rows again.
        await using (var reset = dataSource.CreateCommand("UPDATE outbox SET published_at = NULL WHERE message_id = ANY($1)"))
        {
            reset.Parameters.Add(new() { Value = committed.Select(w => w.Id).ToArray() });
            await reset.ExecuteNonQueryAsync(ct);
        }
        await Until(() => deliveries.Count >= 2 * committed.Count, ct);

        Assert.Equal(committed.Select(w => w.Id).Order(), await WidgetIds(dataSource, "kept-", ct));
        Assert.Equal(committed.Count, await PublishedAsync(dataSource, committed, ct));
        await host.StopAsync(ct);
    }

    [Fact]
    public async Task Events_published_after_commit_are_marked_once_confirmed_and_the_relay_publishes_the_ones_never_handed_over_after_the_grace()
    {
        var ct = TestContext.Current.CancellationToken;
        using var host = BuildHost();
        var deliveries = new DeliveryCounter("direct-", "orphaned-");
        host.Services.GetRequiredService<IBus>().ConnectConsumeObserver(deliveries);
        await host.StartAsync(ct);
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
        var publisher = host.Services.GetRequiredService<OutboxPublisher>();

        // Handed over after commit; and as if the writer died between its commit and the hand-over.
        var handedOver = Enumerable.Range(0, 20).Select(i => new WidgetMade(Guid.NewGuid(), $"direct-{i}")).ToList();
        var orphaned = Enumerable.Range(0, 5).Select(i => new WidgetMade(Guid.NewGuid(), $"orphaned-{i}")).ToList();
        await EnqueueForPublisherAsync(dataSource, handedOver, ct);
        await EnqueueForPublisherAsync(dataSource, orphaned, ct);
        var committedAt = DateTimeOffset.UtcNow;
        publisher.PublishCommitted([.. handedOver.Select(w => (w.Id, (object)w))]);

        await Until(() => deliveries.Count >= handedOver.Count, ct);
        Assert.True(DateTimeOffset.UtcNow - committedAt < OutboxPublisher.RelayGrace, "the handed-over events waited for the relay");
        await UntilAsync(async () => await PublishedAsync(dataSource, handedOver, ct) == handedOver.Count, OutboxPublisher.RelayGrace, ct);
        Assert.Equal(0L, await PublishedAsync(dataSource, orphaned, ct));

        await UntilAsync(async () => await PublishedAsync(dataSource, orphaned, ct) == orphaned.Count, OutboxPublisher.RelayGrace + Patience, ct);
        Assert.True(DateTimeOffset.UtcNow - committedAt >= OutboxPublisher.RelayGrace, "the relay published within the grace");
        await Until(() => deliveries.Count >= handedOver.Count + orphaned.Count, ct);
        Assert.Equal(handedOver.Select(w => w.Id).Order(), await WidgetIds(dataSource, "direct-", ct));
        Assert.Equal(orphaned.Select(w => w.Id).Order(), await WidgetIds(dataSource, "orphaned-", ct));
        Assert.Equal(handedOver.Count + orphaned.Count, deliveries.Count);
        await host.StopAsync(ct);
    }

    [Fact]
    public async Task A_row_that_can_never_be_published_is_set_aside_and_the_rows_behind_it_are_delivered()
    {
        var ct = TestContext.Current.CancellationToken;
        using var host = BuildHost();
        var deliveries = new DeliveryCounter("behind-");
        host.Services.GetRequiredService<IBus>().ConnectConsumeObserver(deliveries);
        await host.Services.GetServices<IHostedService>().OfType<MigrationRunner>().Single().StartAsync(ct);
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();

        // A type no assembly defines any more and a body that no longer fits its type, ahead of good rows.
        var widgetType = typeof(WidgetMade).AssemblyQualifiedName!;
        await using (var insert = dataSource.CreateCommand("""
            INSERT INTO outbox (message_id, message_type, body) VALUES
                (gen_random_uuid(), 'RevOps.Gone.WidgetRenamed, RevOps.Gone', '{}'),
                (gen_random_uuid(), $1, '{"id": "not-a-guid", "name": "broken"}')
            """))
        {
            insert.Parameters.Add(new() { Value = widgetType });
            await insert.ExecuteNonQueryAsync(ct);
        }
        var good = Enumerable.Range(0, 5).Select(i => new WidgetMade(Guid.NewGuid(), $"behind-{i}")).ToList();
        foreach (var widget in good)
            await EnqueueAsync(dataSource, widget, commit: true, ct);

        await host.StartAsync(ct);
        await Until(() => deliveries.Count >= good.Count, ct);
        Assert.Equal(good.Select(w => w.Id).Order(), await WidgetIds(dataSource, "behind-", ct));

        await using var select = dataSource.CreateCommand(
            "SELECT message_type, unpublishable FROM outbox WHERE published_at IS NULL AND unpublishable IS NOT NULL ORDER BY sequence DESC LIMIT 2");
        var setAside = new List<(string Type, string Reason)>();
        await using (var reader = await select.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                setAside.Add((reader.GetString(0), reader.GetString(1)));
        Assert.Equal([widgetType, "RevOps.Gone.WidgetRenamed, RevOps.Gone"], setAside.Select(r => r.Type));
        Assert.StartsWith("JsonException", setAside[0].Reason);
        Assert.Contains("RevOps.Gone", setAside[1].Reason);
        await host.StopAsync(ct);
    }

    [Fact]
    public async Task Pruning_deletes_rows_published_before_the_retention_and_keeps_recent_and_unpublished_ones()
    {
        var ct = TestContext.Current.CancellationToken;
        using var host = BuildHost();
        await host.Services.GetServices<IHostedService>().OfType<MigrationRunner>().Single().StartAsync(ct);
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
        // More old rows than one statement looks at, then a recent one, an unpublished one, and one more old one behind them.
        await using (var insert = dataSource.CreateCommand("""
            INSERT INTO outbox (message_id, message_type, body, published_at)
            SELECT gen_random_uuid(), 'old', '{}', now() - interval '2 hours' FROM generate_series(1, 25000);
            INSERT INTO outbox (message_id, message_type, body, published_at) VALUES
                (gen_random_uuid(), 'recent', '{}', now() - interval '10 minutes'),
                (gen_random_uuid(), 'unpublished', '{}', NULL),
                (gen_random_uuid(), 'old', '{}', now() - interval '2 hours');
            """))
            await insert.ExecuteNonQueryAsync(ct);

        var pruner = host.Services.GetRequiredService<MessagingPruner>();
        Assert.Equal(TimeSpan.FromHours(1), pruner.OutboxRetention);
        Assert.Equal(25_001L, await pruner.PruneOutboxAsync(pruner.OutboxRetention, ct));

        Assert.Equal(0L, await Scalar<long>(dataSource, "SELECT count(*) FROM outbox WHERE message_type = 'old'", ct));
        Assert.Equal(1L, await Scalar<long>(dataSource, "SELECT count(*) FROM outbox WHERE message_type = 'recent'", ct));
        Assert.Equal(1L, await Scalar<long>(dataSource, "SELECT count(*) FROM outbox WHERE message_type = 'unpublished'", ct));
        Assert.Equal(0L, await pruner.PruneOutboxAsync(pruner.OutboxRetention, ct));
    }

    [Fact]
    public async Task Pruning_deletes_inbox_rows_older_than_the_retention_and_keeps_the_recent_ones()
    {
        var ct = TestContext.Current.CancellationToken;
        using var host = BuildHost();
        await host.Services.GetServices<IHostedService>().OfType<MigrationRunner>().Single().StartAsync(ct);
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
        // More old rows than one statement deletes, a recent one, then one more old one recorded after it.
        await using (var insert = dataSource.CreateCommand("""
            INSERT INTO inbox (message_id, consumer, processed_at)
            SELECT gen_random_uuid(), 'pruning-old', now() - interval '8 days' FROM generate_series(1, 25000);
            INSERT INTO inbox (message_id, consumer, processed_at) VALUES (gen_random_uuid(), 'pruning-recent', now() - interval '6 days');
            INSERT INTO inbox (message_id, consumer, processed_at) VALUES (gen_random_uuid(), 'pruning-old', now() - interval '8 days');
            """))
            await insert.ExecuteNonQueryAsync(ct);

        var pruner = host.Services.GetRequiredService<MessagingPruner>();
        Assert.Equal(TimeSpan.FromDays(7), pruner.InboxRetention);
        Assert.Equal(25_001L, await pruner.PruneInboxAsync(pruner.InboxRetention, ct));

        Assert.Equal(0L, await Scalar<long>(dataSource, "SELECT count(*) FROM inbox WHERE consumer = 'pruning-old'", ct));
        Assert.Equal(1L, await Scalar<long>(dataSource, "SELECT count(*) FROM inbox WHERE consumer = 'pruning-recent'", ct));
        Assert.Equal(0L, await pruner.PruneInboxAsync(pruner.InboxRetention, ct));
    }

    [Fact]
    public async Task Migrations_run_once_when_replicas_start_together()
    {
        var ct = TestContext.Current.CancellationToken;
        using var first = BuildHost();
        using var second = BuildHost();
        await Task.WhenAll(
            first.Services.GetServices<IHostedService>().OfType<MigrationRunner>().Single().StartAsync(ct),
            second.Services.GetServices<IHostedService>().OfType<MigrationRunner>().Single().StartAsync(ct));

        var dataSource = first.Services.GetRequiredService<NpgsqlDataSource>();
        Assert.Equal(1L, await Scalar<long>(dataSource, "SELECT count(*) FROM schema_migrations WHERE id = '0000_messaging'", ct));
        Assert.Equal(1L, await Scalar<long>(dataSource, "SELECT count(*) FROM schema_migrations WHERE id = '0001_widgets'", ct));
    }

    private IHost BuildHost()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:testdb"] = infrastructure.Database,
            ["ConnectionStrings:messaging"] = infrastructure.Messaging,
        });
        builder.AddNpgsqlDataSource("testdb", typeof(OutboxTests).Assembly);
        builder.AddMessaging(bus => bus.AddConsumer<WidgetMadeConsumer>());
        return builder.Build();
    }

    private static async Task EnqueueAsync(NpgsqlDataSource dataSource, WidgetMade widget, bool commit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await Outbox.EnqueueAsync(transaction, widget.Id, widget, ct);
        if (commit)
            await transaction.CommitAsync(ct);
        else
            await transaction.RollbackAsync(ct);
    }

    private static async Task EnqueueForPublisherAsync(NpgsqlDataSource dataSource, IReadOnlyList<WidgetMade> widgets, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(connection, transaction);
        Outbox.Enqueue(batch, [.. widgets.Select(w => (w.Id, (object)w))], publishedAfterCommit: true);
        await batch.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private static async Task<long> PublishedAsync(NpgsqlDataSource dataSource, IReadOnlyList<WidgetMade> widgets, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM outbox WHERE message_id = ANY($1) AND published_at IS NOT NULL");
        command.Parameters.Add(new() { Value = widgets.Select(w => w.Id).ToArray() });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan patience, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(patience);
        while (!await condition())
            await Task.Delay(20, timeout.Token);
    }

    private static async Task<List<Guid>> WidgetIds(NpgsqlDataSource dataSource, string namePrefix, CancellationToken ct)
    {
        var ids = new List<Guid>();
        await using var select = dataSource.CreateCommand("SELECT id FROM widgets WHERE starts_with(name, $1)");
        select.Parameters.Add(new() { Value = namePrefix });
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            ids.Add(reader.GetGuid(0));
        return ids.Order().ToList();
    }

    private static async Task<T> Scalar<T>(NpgsqlDataSource dataSource, string sql, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task Until(Func<bool> condition, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Patience);
        while (!condition())
            await Task.Delay(20, timeout.Token);
    }

    /// <summary>
    /// Counts every completed delivery of a <see cref="WidgetMade"/> named with one of the prefixes, including ones the inbox
    /// skipped: the tests of this class share a queue.
    /// </summary>
    private sealed class DeliveryCounter(params string[] namePrefixes) : IConsumeObserver
    {
        private int _count;
        public int Count => Volatile.Read(ref _count);

        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (context.Message is WidgetMade widget && namePrefixes.Any(p => widget.Name.StartsWith(p, StringComparison.Ordinal)))
                Interlocked.Increment(ref _count);
            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}
