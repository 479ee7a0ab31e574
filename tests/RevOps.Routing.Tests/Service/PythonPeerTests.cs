using RevOps.Contracts.V1;
using RevOps.Testing;

namespace RevOps.Routing.Tests.Service;

/// <summary>The routing API through a gRPC client that is not ours: python3-grpcio against the service's one address.</summary>
public sealed class PythonPeerTests(RoutingServiceFixture stack) : IClassFixture<RoutingServiceFixture>
{
    [Fact]
    public async Task A_python_grpcio_client_lists_teams_reassigns_a_lead_away_from_its_owner_and_gets_clear_errors()
    {
        // Two reps of the North America mid-market team (this class has a stack of its own), so a reassignment has someone to
        // move the lead to.
        string[] reps = ["py-na-mid-a", "py-na-mid-b"];
        foreach (var id in reps)
        {
            var rep = new RoutingRep { Id = id, TeamId = "na_mid_market", Weight = 1, TimeZone = "America/Los_Angeles", MaxOpenLeads = 100, Active = true };
            rep.WorkingHours.AddRange(Enumerable.Range(0, 7).Select(d => new WorkingPeriod { Day = d, Start = "00:00", End = "00:00" }));
            await stack.CallAsync<UpsertRepRequest, RoutingRep>("UpsertRep", new UpsertRepRequest { Rep = rep });
        }
        var leadId = Guid.NewGuid();
        await stack.Bus.Publish(RoutingServiceTests.Qualified(leadId, country: "US", band: "mid_market"), TestContext.Current.CancellationToken);
        var first = Assert.Single((await stack.WaitForAssignmentsAsync([leadId], TimeSpan.FromSeconds(60)))[leadId]);
        Assert.Equal("na_mid_market", first.TeamId);

        var address = stack.RoutingGrpc;
        var calls = PythonPeer.Calls(await PythonPeer.RunAsync("routing_client.py", $"{address.Host}:{address.Port}", PythonPeer.ProtosDirectory, leadId.ToString()));

        // The teams python sees are the ones the service stores, each with its fallback queue.
        var stored = await stack.CallAsync<ListTeamsRequest, ListTeamsResponse>("ListTeams", new ListTeamsRequest());
        Assert.Equal(stored.Teams.Select(t => $"{t.Id}:{t.FallbackQueue}"),
            calls["teams"].GetProperty("teams").EnumerateArray().Select(t => $"{t[0].GetString()}:{t[1].GetString()}"));
        Assert.Contains(stored.Teams, t => t is { Id: "na_mid_market", FallbackQueue: "na_mid_market_queue" });

        var reassign = calls["reassign"];
        Assert.True(reassign.GetProperty("is_reassignment").GetBoolean());
        Assert.Equal(first.OwnerRepId, reassign.GetProperty("previous").GetString());
        Assert.Equal(reps.Single(r => r != first.OwnerRepId), reassign.GetProperty("chosen").GetString());
        Assert.Equal("na_mid_market", reassign.GetProperty("team").GetString());
        var explain = calls["explain"];
        Assert.Equal([first.OwnerRepId, reassign.GetProperty("chosen").GetString()], explain.GetProperty("chosen").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal([false, true], explain.GetProperty("reassignments").EnumerateArray().Select(r => r.GetBoolean()));
        // The move is announced like any assignment, to the new owner.
        var announced = (await stack.WaitForAssignmentsAsync([leadId], TimeSpan.FromSeconds(60), each: 2))[leadId];
        Assert.Equal(reassign.GetProperty("chosen").GetString(), announced[1].OwnerRepId);

        Assert.Equal(("INVALID_ARGUMENT", true), Status(calls["no_reason"]));
        Assert.Contains("reason", calls["no_reason"].GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.Equal(("INVALID_ARGUMENT", true), Status(calls["not_a_lead_id"]));
        Assert.Contains("lead_id", calls["not_a_lead_id"].GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.Equal("NOT_FOUND", calls["never_assigned"].GetProperty("code").GetString());
        Assert.Contains("never assigned", calls["never_assigned"].GetProperty("details").GetString(), StringComparison.Ordinal);
    }

    private static (string?, bool) Status(System.Text.Json.JsonElement call) =>
        (call.GetProperty("code").GetString(), call.GetProperty("has_status_details").GetBoolean());
}
