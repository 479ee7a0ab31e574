using Npgsql;
using RevOps.Hosting;
using RevOps.Sla.Data;
using RevOps.Sla.Domain;

namespace RevOps.Sla.Tests.Service;

/// <summary>The real SLA service process, killed with SIGKILL while it holds clocks that come due during its downtime.</summary>
public sealed class KillTests
{
    [Fact]
    public async Task Clocks_held_by_a_killed_process_fire_exactly_once_after_the_watchdog_restarts_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { ForTesting = true });
        var sladb = builder.AddPostgres("postgres").AddDatabase("sladb");
        var messaging = builder.AddRabbitMQ("messaging");
        builder.AddProject<Projects.RevOps_Sla>("sla")
            .WithReference(sladb).WithReference(messaging)
            .WaitFor(sladb).WaitFor(messaging)
            .WithEnvironment("Sla__Timer__Horizon", "00:00:03")
            .WithEnvironment("Sla__Timer__Lease", "00:00:04");
        await using var app = builder.Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(4));
        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("sla", timeout.Token);
        await using var dataSource = NpgsqlDataSource.Create((await app.GetConnectionStringAsync("sladb", timeout.Token))!);

        var due = DateTimeOffset.UtcNow.AddSeconds(2);
        var clocks = Enumerable.Range(0, 40).Select(i => new SlaClock
        {
            Id = Guid.NewGuid(), LeadId = Guid.NewGuid(), AssignmentId = Guid.NewGuid(), OwnerRepId = "rep-killed", TeamId = "na_enterprise",
            ClauseId = "first_touch", Kind = ClockKind.FirstTouch, ContractVersion = 1, StartedAt = due.AddHours(-1),
            DueAt = due.AddMilliseconds(i * 25),
        }).ToList();
        await new ClockStore(dataSource).ArmAsync(clocks, cancellationToken: ct);
        var ids = clocks.Select(c => c.Id).ToArray();

        // Kill the process once it holds the clocks in memory, before they come due.
        await Until(() => Count(dataSource, "SELECT count(*) FROM clocks WHERE id = ANY($1) AND lease_owner IS NOT NULL", ids), n => n == ids.Length, ct);
        Assert.Equal(0, await Count(dataSource, "SELECT count(*) FROM breaches WHERE clock_id = ANY($1)", ids));
        var killed = app.KillResourceProcess("sla");

        await app.ResourceNotifications.WaitForResourceAsync("sla", s => s.Pid is { } pid && pid != killed, timeout.Token);
        await Until(() => Count(dataSource, "SELECT count(*) FROM clocks WHERE id = ANY($1) AND state = 'breached'", ids), n => n == ids.Length, ct);
        Assert.Equal(ids.Length, await Count(dataSource, "SELECT count(*) FROM breaches WHERE clock_id = ANY($1)", ids));
        Assert.Equal(ids.Length, await Count(dataSource, """
            SELECT count(*) FROM outbox WHERE message_type LIKE 'RevOps.Contracts.Events.SlaBreached,%' AND (body->>'clockId')::uuid = ANY($1)
            """, ids));
        // They fired after the due time passed with nobody alive to fire them.
        Assert.True(await Count(dataSource, "SELECT count(*) FROM breaches WHERE clock_id = ANY($1) AND lateness > interval '1 second'", ids) > 0);
    }

    private static async Task<long> Count(NpgsqlDataSource dataSource, string sql, Guid[] ids)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task Until(Func<Task<long>> read, Func<long, bool> done, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        long last;
        while (!done(last = await read()))
        {
            Assert.True(DateTime.UtcNow < deadline, $"still {last} after 60 s");
            await Task.Delay(50, ct);
        }
    }
}
