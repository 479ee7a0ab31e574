using RevOps.Grpc;
using Npgsql;
using RevOps.Contracts.V1;
using RevOps.Scoring.ServiceTests.Infrastructure;

namespace RevOps.Scoring.ServiceTests;

public sealed class CrashTests(ScoringStack stack)
{
    [Fact]
    public async Task Killing_the_replica_serving_a_stream_loses_no_acknowledged_lead_and_publishes_each_event_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var batch = Guid.NewGuid().ToString("N");
        // Every other lead clears the MQL threshold (45 fit points + 15 for a near decision + 15 for budget authority, 75 against
        // 60, or 61 once the contract tests raise the bar), so LeadQualified is counted too.
        var requests = Enumerable.Range(0, 4000).Select(i =>
        {
            var request = Leads.Request(Leads.UniqueEmail(), source: "marketing_automation", idempotencyKey: $"{batch}-{i}");
            if (i % 2 == 0)
            {
                request.Lead.DecisionTimelineDays = 30;
                request.Lead.BudgetAuthority = true;
            }
            return request;
        }).ToList();

        // One client, one address: the test host's proxy, which hands each call to one of the two replicas.
        var client = new ScoringClient(stack.Channel(stack.App.GetEndpoint(ScoringStack.Service, "grpc")));
        var callsBefore = stack.ReplicaCalls();
        using var call = client.SubmitLeads(ct);
        var sending = Task.Run(async () =>
        {
            foreach (var request in requests)
                await call.RequestStream.WriteAsync(request, ct);
            await call.RequestStream.CompleteAsync();
            return await call.ResponseAsync;
        }, ct);
        await Eventually.ReturnsAsync(() => CommittedAsync(batch), n => n >= 300, TimeSpan.FromSeconds(60), "part of the batch committed");

        // kill -9 whichever replica holds the stream: the proxy ends the call with UNAVAILABLE, the status a client retries on.
        var serving = Assert.Single(stack.ReplicaCalls().Select((calls, i) => (calls, i)), r => r.calls > callsBefore[r.i]).i;
        stack.App.KillResourceProcess($"{ScoringStack.Service}-{serving}");
        var lost = await Assert.ThrowsAsync<RpcException>(() => sending);
        Assert.Equal(StatusCode.Unavailable, lost.StatusCode);
        var committedBeforeRetry = await CommittedAsync(batch);
        Assert.InRange(committedBeforeRetry, 300, requests.Count - 1);

        // The client sends the whole batch again, with the same keys, to the same address; the surviving replica takes it.
        var callsBeforeRetry = stack.ReplicaCalls();
        using var retry = client.SubmitLeads(ct);
        foreach (var request in requests)
            await retry.RequestStream.WriteAsync(request, ct);
        await retry.RequestStream.CompleteAsync();
        var acknowledged = await retry.ResponseAsync;
        Assert.Equal(callsBeforeRetry[1 - serving] + 1, stack.ReplicaCalls()[1 - serving]);

        Assert.Equal(requests.Count, acknowledged.Succeeded);
        Assert.Equal((long)committedBeforeRetry, acknowledged.Results.LongCount(r => r.Lead.Replayed));
        var leadIds = acknowledged.Results.Select(r => Guid.Parse(r.Lead.LeadId)).ToArray();
        Assert.Equal((long)requests.Count, await stack.ScalarAsync<long>(stack.ScoringDb, "SELECT count(*) FROM leads WHERE id = ANY($1)", leadIds));

        // Every event the service committed for these leads (LeadCaptured, LeadScored, LeadQualified) reaches the observer
        // exactly once, and the observer sees none the service did not commit: nothing lost with the killed process, nothing
        // doubled by the retry or by the relay's redelivery of unconfirmed rows.
        var ids = leadIds.Select(id => id.ToString()).ToArray();
        // The outbox names a type "Namespace.Name, Assembly"; the observer records the bare name.
        var committed = await EventsAsync(stack.ScoringDb,
            "SELECT message_id, substring(message_type from '([A-Za-z]+),') FROM outbox WHERE body ->> 'leadId' = ANY($1)", ids);
        Assert.Equal(requests.Count, committed.Count(e => e.Type == "LeadCaptured"));
        Assert.Equal(requests.Count, committed.Count(e => e.Type == "LeadScored"));
        Assert.Equal(requests.Count / 2, committed.Count(e => e.Type == "LeadQualified"));
        await Eventually.ReturnsAsync(() => ObservedCountAsync(ids), n => n >= committed.Count, TimeSpan.FromSeconds(60), "every committed event observed");
        var observed = await EventsAsync(stack.ObserverDb, "SELECT event_id, message_type FROM observed_events WHERE body ->> 'leadId' = ANY($1)", ids);
        Assert.Equal(committed.Order(), observed.Order());

        // The killed replica comes back by itself.
        await stack.App.ResourceNotifications.WaitForResourceHealthyAsync($"{ScoringStack.Service}-{serving}", ct).WaitAsync(TimeSpan.FromMinutes(1), ct);
        Assert.True(stack.App.ResourceNotifications.GetSnapshot($"{ScoringStack.Service}-{serving}").Restarts >= 1);
    }

    private Task<long> CommittedAsync(string batch) =>
        stack.ScalarAsync<long>(stack.ScoringDb, "SELECT count(*) FROM idempotency_keys WHERE key LIKE $1", batch + "-%");

    private Task<long> ObservedCountAsync(string[] leadIds) =>
        stack.ScalarAsync<long>(stack.ObserverDb, "SELECT count(*) FROM observed_events WHERE body ->> 'leadId' = ANY($1)", (object)leadIds);

    /// <summary>(event id, event type) of each row <paramref name="sql"/> selects for the leads.</summary>
    private static async Task<List<(Guid Id, string Type)>> EventsAsync(NpgsqlDataSource dataSource, string sql, string[] leadIds)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new() { Value = leadIds });
        var events = new List<(Guid, string)>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            events.Add((reader.GetGuid(0), reader.GetString(1)));
        return events;
    }
}
