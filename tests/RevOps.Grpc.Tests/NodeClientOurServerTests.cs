using RevOps.Grpc.Tests.Infrastructure;
using RevOps.Grpc.Tests.Interop;

namespace RevOps.Grpc.Tests;

public sealed class NodeClientOurServerTests(NodeClientOurServerTests.Run run) : IClassFixture<NodeClientOurServerTests.Run>
{
    [Theory]
    [MemberData(nameof(InteropCase.Names), MemberType = typeof(InteropCase))]
    public void Interop_case_passes(string name) => run.AssertPassed(name);

    public sealed class Run : PeerClientRun
    {
        protected override (string FileName, string WorkingDirectory, string[] Arguments) Command(int port) =>
            ("node", RepositoryPaths.NodePeers,
                ["interop_client.js", Path.Combine(RepositoryPaths.TestProtos, "grpc", "testing", "test.proto"), port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
    }
}
