using RevOps.Testing;

namespace RevOps.Scoring.ServiceTests;

public sealed class PythonPeerTests(ScoringStack stack)
{
    [Fact]
    public async Task A_python_grpcio_client_submits_a_lead_and_gets_field_errors_through_the_generic_call_api()
    {
        var email = $"py-{Guid.NewGuid():N}@example.com";
        var address = stack.ReplicaAddress(1);
        var calls = PythonPeer.Calls(await PythonPeer.RunAsync("submit_lead.py", $"{address.Host}:{address.Port}", PythonPeer.ProtosDirectory, email));

        var bad = calls["bad"];
        Assert.Equal("INVALID_ARGUMENT", bad.GetProperty("code").GetString());
        Assert.Contains("lead.email", bad.GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.True(bad.GetProperty("has_status_details").GetBoolean());

        var good = calls["good"];
        Assert.True(good.GetProperty("created").GetBoolean());
        Assert.Equal(40, good.GetProperty("total").GetInt32());
        Assert.True(good.GetProperty("replayed_again").GetBoolean());
        Assert.True(good.GetProperty("same_lead_again").GetBoolean());
        var leadId = Guid.Parse(good.GetProperty("lead_id").GetString()!);
        Assert.Equal(email, await stack.ScalarAsync<string>(stack.ScoringDb, "SELECT email FROM leads WHERE id = $1", leadId));
    }

    [Fact]
    public async Task A_python_grpcio_reflection_client_lists_every_service_of_a_running_replica_with_the_file_defining_it()
    {
        var address = stack.ReplicaAddress(0);
        var output = await PythonPeer.RunAsync("reflection_client.py",
            Path.Combine(PythonPeer.RepositoryDirectory("src/RevOps.Grpc/Protos"), "grpc", "reflection", "v1", "reflection.proto"),
            "v1", address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(
            [
                "SERVICE grpc.health.v1.Health grpc/health/v1/health.proto",
                "SERVICE grpc.reflection.v1.ServerReflection grpc/reflection/v1/reflection.proto",
                "SERVICE grpc.reflection.v1alpha.ServerReflection grpc/reflection/v1alpha/reflection.proto",
                "SERVICE revops.v1.LeadIngestion revops/v1/ingestion.proto",
                "SERVICE revops.v1.RevenueContract revops/v1/contract.proto",
            ],
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }
}
