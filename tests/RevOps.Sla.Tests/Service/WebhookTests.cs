using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using RevOps.Contracts.Events;
using RevOps.RevenueContract;
using RevOps.RevenueContract.Client;
using RevOps.Sla.Domain;

namespace RevOps.Sla.Tests.Service;

public sealed class WebhookTests(SlaInfrastructure infrastructure) : IClassFixture<SlaInfrastructure>
{
    private static readonly DateTimeOffset TuesdayMorning = new(2026, 12, 1, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_first_breach_posts_the_contracts_manager_webhook_retrying_after_a_failure()
    {
        var ct = TestContext.Current.CancellationToken;
        var received = new ConcurrentQueue<string>();
        var port = SlaNode.FreePort();
        var receiverBuilder = WebApplication.CreateSlimBuilder();
        receiverBuilder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var receiver = receiverBuilder.Build();
        receiver.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            received.Enqueue(await reader.ReadToEndAsync(ct));
            // The first attempt meets a receiver that is down.
            return received.Count == 1 ? Results.StatusCode(503) : Results.Ok();
        });
        await receiver.StartAsync(ct);

        var yaml = ContractLoader.DefaultYaml.Replace(
            "    on_breach_number: 1\n    action: notify_manager\n",
            $"    on_breach_number: 1\n    action: notify_manager\n    webhook_url: http://127.0.0.1:{port}/hook\n", StringComparison.Ordinal);
        Assert.NotEqual(ContractLoader.DefaultYaml, yaml);
        var time = new ShiftedTimeProvider(TuesdayMorning);
        await using var node = await SlaNode.StartAsync(infrastructure, time, ct, new ActiveContract(new ContractCatalog(null, ContractLoader.Load(yaml))),
            new WebhookRetryPolicy(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2), 5));

        var leadId = Guid.NewGuid();
        await infrastructure.Probe.PublishAsync(new LeadAssigned
        {
            EventId = Guid.NewGuid(), OccurredAt = TuesdayMorning, ContractVersion = 1, LeadId = leadId, AssignmentId = Guid.NewGuid(),
            TeamId = "na_enterprise", OwnerRepId = "rep-hooked", IsReassignment = false,
        }, ct);
        await Eventually(async () => await Count("SELECT count(*) FROM clocks WHERE lead_id = $1", leadId) == 3, ct);
        time.JumpTo(TuesdayMorning.AddHours(4).AddSeconds(1));

        await Eventually(async () => await Count(
            "SELECT count(*) FROM webhook_deliveries w JOIN breaches b ON b.id = w.breach_id WHERE b.lead_id = $1 AND w.delivered_at IS NOT NULL",
            leadId) == 1, ct);
        Assert.Equal(2, received.Count);
        Assert.All(received, body => Assert.Contains(leadId.ToString(), body, StringComparison.Ordinal));
        Assert.Equal(2, await Count(
            "SELECT w.attempts FROM webhook_deliveries w JOIN breaches b ON b.id = w.breach_id WHERE b.lead_id = $1", leadId));
    }

    private async Task<long> Count(string sql, Guid leadId)
    {
        await using var command = infrastructure.DataSource.CreateCommand(sql);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = leadId });
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task Eventually(Func<Task<bool>> condition, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 30 s");
            await Task.Delay(50, ct);
        }
    }
}
