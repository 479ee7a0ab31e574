using RevOps.Testing;

namespace RevOps.Reporting.ServiceTests;

public sealed class PythonPeerTests(ReportingStack stack)
{
    [Fact]
    public async Task A_python_grpcio_client_gets_the_what_if_example_and_field_errors()
    {
        var address = stack.GrpcAddress;
        var calls = PythonPeer.Calls(await PythonPeer.RunAsync("what_if.py", $"{address.Host}:{address.Port}", PythonPeer.ProtosDirectory));

        var good = calls["good"];
        Assert.Equal(("1500.000000000", "5600.000000000", "3.700000000", "USD"),
            (good.GetProperty("baseline").GetString(), good.GetProperty("scenario").GetString(), good.GetProperty("multiple").GetString(),
             good.GetProperty("currency").GetString()));
        var bad = calls["bad"];
        Assert.Equal("INVALID_ARGUMENT", bad.GetProperty("code").GetString());
        Assert.Contains("baseline.stage_conversion_rates[0]", bad.GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.True(bad.GetProperty("has_status_details").GetBoolean());
    }
}
