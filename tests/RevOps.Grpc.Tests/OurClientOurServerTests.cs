using RevOps.Grpc.Tests.Infrastructure;
using RevOps.Grpc.Tests.Interop;

namespace RevOps.Grpc.Tests;

public sealed class OurClientOurServerTests : IAsyncLifetime
{
    private TestServer server = null!;

    public async ValueTask InitializeAsync() => server = await TestServer.StartAsync();

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    [Theory]
    [MemberData(nameof(InteropCase.Names), MemberType = typeof(InteropCase))]
    public async Task Interop_case_passes(string name)
    {
        using var client = new InteropClient(server.GrpcAddress);
        await client.RunAsync(name);
    }
}
