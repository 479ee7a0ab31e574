using RevOps.Grpc.Tests.Infrastructure;
using RevOps.Grpc.Tests.Interop;

namespace RevOps.Grpc.Tests;

public sealed class PythonClientOurServerTests(PythonClientOurServerTests.Run run) : IClassFixture<PythonClientOurServerTests.Run>
{
    [Theory]
    [MemberData(nameof(InteropCase.Names), MemberType = typeof(InteropCase))]
    public void Interop_case_passes(string name) => run.AssertPassed(name);

    public sealed class Run : PeerClientRun
    {
        protected override (string FileName, string WorkingDirectory, string[] Arguments) Command(int port) =>
            (RepositoryPaths.Python, RepositoryPaths.PythonPeers,
                ["interop_client.py", Path.Combine(RepositoryPaths.TestProtos, "grpc", "testing", "test.proto"), port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
    }
}
