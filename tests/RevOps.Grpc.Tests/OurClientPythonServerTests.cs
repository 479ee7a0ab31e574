using System.Globalization;
using RevOps.Grpc.Tests.Infrastructure;
using RevOps.Grpc.Tests.Interop;

namespace RevOps.Grpc.Tests;

public sealed class OurClientPythonServerTests(OurClientPythonServerTests.PythonServer server) : IClassFixture<OurClientPythonServerTests.PythonServer>
{
    [Theory]
    [MemberData(nameof(InteropCase.Names), MemberType = typeof(InteropCase))]
    public async Task Interop_case_passes(string name)
    {
        // grpcio servers decompress before the handler runs, so they can't answer the compression probe.
        using var client = new InteropClient(server.Address, serverChecksCompression: false);
        await client.RunAsync(name);
    }

    public sealed class PythonServer : IAsyncLifetime
    {
        private PeerProcess? peer;

        public Uri Address { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            var port = TestServer.FreePort();
            peer = PeerProcess.Start(RepositoryPaths.Python, RepositoryPaths.PythonPeers,
                "interop_server.py", Path.Combine(RepositoryPaths.TestProtos, "grpc", "testing", "test.proto"), port.ToString(CultureInfo.InvariantCulture));
            await peer.WaitForOutputAsync("LISTENING", TimeSpan.FromSeconds(30));
            Address = new Uri($"http://127.0.0.1:{port}");
        }

        public async ValueTask DisposeAsync()
        {
            if (peer is not null)
            {
                await peer.DisposeAsync();
            }
        }
    }
}
