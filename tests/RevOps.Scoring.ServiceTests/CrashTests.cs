using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.Scoring.ServiceTests.Infrastructure;

namespace RevOps.Scoring.ServiceTests;

public sealed class CrashTests(ScoringStack stack)
{
    [Fact]
    public async Task Killing_a_replica_mid_stream_loses_no_acknowledged_lead_and_publishes_each_event_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var batch = Guid.NewGuid().ToString("N");
        var requests = Enumerable.Range(0, 4000).Select(i => Leads.Request(Leads.UniqueEmail(), source: "marketing_automation", idempotencyKey: $"{batch}-{i}")).ToList();

        // Stream to replica 0 and kill -9 it once some of the batch is committed.
        var doomed = new ScoringClient(stack.Channel(stack.ReplicaAddress(0)));
        using var call = doomed.SubmitLeads(ct);
        var sending = Task.Run(async () =>
        {
            foreach (var request in requests)
                await call.RequestStream.WriteAsync(request, ct);
            await call.RequestStream.CompleteAsync();
            return await call.ResponseAsync;
        }, ct);
        await Eventually.ReturnsAsync(() => CommittedAsync(batch), n => n >= 300, TimeSpan.FromSeconds(60), "part of the batch committed");
        stack.App.KillResourceProcess($"{ScoringStack.Service}-0");
        await Assert.ThrowsAnyAsync<Exception>(() => sending);
        var committedBeforeRetry = await CommittedAsync(batch);
        Assert.InRange(committedBeforeRetry, 300, requests.Count - 1);

        // The client did not get its acknowledgement, so it sends the whole batch again, to the surviving replica.
        using var retry = stack.Replicas[1].SubmitLeads(ct);
        foreach (var request in requests)
            await retry.RequestStream.WriteAsync(request, ct);
        await retry.RequestStream.CompleteAsync();
        var acknowledged = await retry.ResponseAsync;

        Assert.Equal(requests.Count, acknowledged.Succeeded);
        Assert.Equal((long)committedBeforeRetry, acknowledged.Results.LongCount(r => r.Lead.Replayed));
        var leadIds = acknowledged.Results.Select(r => Guid.Parse(r.Lead.LeadId)).ToArray();
        Assert.Equal((long)requests.Count, await stack.ScalarAsync<long>(stack.ScoringDb, "SELECT count(*) FROM leads WHERE id = ANY($1)", leadIds));

        // Every lead's LeadCaptured reaches the observer once: none lost with the killed process, none doubled by the retry.
        var ids = leadIds.Select(id => id.ToString()).ToArray();
        await Eventually.ReturnsAsync(() => ObservedCapturedAsync(ids), n => n >= requests.Count, TimeSpan.FromSeconds(60), "every LeadCaptured observed");
        Assert.Equal((long)requests.Count, await ObservedCapturedAsync(ids));
        Assert.Equal((long)requests.Count, await stack.ScalarAsync<long>(stack.ObserverDb,
            "SELECT count(DISTINCT body ->> 'leadId') FROM observed_events WHERE message_type = 'LeadCaptured' AND body ->> 'leadId' = ANY($1)", (object)ids));

        // The killed replica comes back by itself.
        await stack.App.ResourceNotifications.WaitForResourceHealthyAsync($"{ScoringStack.Service}-0", ct).WaitAsync(TimeSpan.FromMinutes(1), ct);
        Assert.True(stack.App.ResourceNotifications.GetSnapshot($"{ScoringStack.Service}-0").Restarts >= 1);
    }

    private Task<long> CommittedAsync(string batch) =>
        stack.ScalarAsync<long>(stack.ScoringDb, "SELECT count(*) FROM idempotency_keys WHERE key LIKE $1", batch + "-%");

    private Task<long> ObservedCapturedAsync(string[] leadIds) =>
        stack.ScalarAsync<long>(stack.ObserverDb, "SELECT count(*) FROM observed_events WHERE message_type = 'LeadCaptured' AND body ->> 'leadId' = ANY($1)", (object)leadIds);
}
