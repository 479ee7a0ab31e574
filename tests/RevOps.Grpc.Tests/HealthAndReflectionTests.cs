using System.Globalization;
using Google.Protobuf.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RevOps.Grpc.Health.V1;
using RevOps.Grpc.Tests.Infrastructure;
using ServingStatus = RevOps.Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RevOps.Grpc.Tests;

public sealed class HealthAndReflectionTests : IAsyncLifetime
{
    private readonly SwitchableHealthCheck health = new();
    private TestServer server = null!;

    public async ValueTask InitializeAsync() =>
        server = await TestServer.StartAsync(
            configure: b => b.Services.AddHealthChecks().AddCheck("switchable", health),
            grpcOptions: o => o.HealthWatchInterval = TimeSpan.FromMilliseconds(50));

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Python_health_client_sees_serving_then_not_serving_and_unknown_services()
    {
        var healthy = await RunHealthClientAsync("-", "grpc.testing.TestService", "no.such.Service");
        Assert.Contains("- SERVING", healthy);
        Assert.Contains("grpc.testing.TestService SERVING", healthy);
        Assert.Contains("no.such.Service NOT_FOUND", healthy);
        Assert.Contains("WATCH SERVING", healthy);

        health.Healthy = false;
        var unhealthy = await RunHealthClientAsync("-");
        Assert.Contains("- NOT_SERVING", unhealthy);
        Assert.Contains("WATCH NOT_SERVING", unhealthy);
    }

    [Fact]
    public async Task Health_watch_streams_a_change_of_status()
    {
        using var channel = GrpcChannel.ForAddress(server.GrpcAddress);
        var watch = Method.Create<HealthCheckRequest, HealthCheckResponse>(HealthReflection.Descriptor.Services[0].Methods[1]);
        using var call = channel.CreateCallInvoker().AsyncServerStreamingCall(watch, null, new CallOptions(CancellationToken: TestContext.Current.CancellationToken), new HealthCheckRequest());

        Assert.True(await call.ResponseStream.MoveNext(TestContext.Current.CancellationToken));
        Assert.Equal(ServingStatus.Serving, call.ResponseStream.Current.Status);
        health.Healthy = false;
        Assert.True(await call.ResponseStream.MoveNext(TestContext.Current.CancellationToken));
        Assert.Equal(ServingStatus.NotServing, call.ResponseStream.Current.Status);
    }

    [Theory]
    [InlineData("v1alpha")]
    [InlineData("v1")]
    public async Task Python_reflection_client_lists_every_mapped_service_with_its_file(string version)
    {
        var output = await RunReflectionClientAsync(version);

        Assert.Contains("SERVICE grpc.testing.TestService grpc/testing/test.proto", output);
        Assert.Contains("SERVICE grpc.health.v1.Health grpc/health/v1/health.proto", output);
        Assert.Contains("SERVICE grpc.reflection.v1alpha.ServerReflection grpc/reflection/v1alpha/reflection.proto", output);
        Assert.Contains("SERVICE grpc.reflection.v1.ServerReflection grpc/reflection/v1/reflection.proto", output);
    }

    [Fact]
    public async Task Reflection_serves_a_file_with_its_dependencies_by_name()
    {
        using var channel = GrpcChannel.ForAddress(server.GrpcAddress);
        var info = Method.Create<Reflection.V1.ServerReflectionRequest, Reflection.V1.ServerReflectionResponse>(
            Reflection.V1.ReflectionReflection.Descriptor.Services[0].Methods[0]);
        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(info, null, new CallOptions(CancellationToken: TestContext.Current.CancellationToken));

        await call.RequestStream.WriteAsync(new Reflection.V1.ServerReflectionRequest { FileByFilename = "grpc/testing/test.proto" }, TestContext.Current.CancellationToken);
        await call.RequestStream.WriteAsync(new Reflection.V1.ServerReflectionRequest { FileContainingSymbol = "no.Such" }, TestContext.Current.CancellationToken);
        await call.RequestStream.CompleteAsync();

        Assert.True(await call.ResponseStream.MoveNext(TestContext.Current.CancellationToken));
        var file = FileDescriptorProto.Parser.ParseFrom(call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto[0]);
        Assert.Equal("grpc.testing", file.Package);
        Assert.Contains(file.MessageType, m => m.Name == "SimpleRequest");
        Assert.True(await call.ResponseStream.MoveNext(TestContext.Current.CancellationToken));
        Assert.Equal((int)StatusCode.NotFound, call.ResponseStream.Current.ErrorResponse.ErrorCode);
    }

    private const string HealthProto = "grpc/health/v1/health.proto";

    private Task<string> RunHealthClientAsync(params string[] services) => RunPythonAsync("health_client.py", HealthProto, [], services);

    private Task<string> RunReflectionClientAsync(string version) =>
        RunPythonAsync("reflection_client.py", $"grpc/reflection/{version}/reflection.proto", [version], []);

    /// <summary>Runs a python peer as: script PROTO [beforePort...] PORT [afterPort...].</summary>
    private async Task<string> RunPythonAsync(string script, string proto, string[] beforePort, string[] afterPort)
    {
        await using var peer = PeerProcess.Start(RepositoryPaths.Python, RepositoryPaths.PythonPeers,
            [script, Path.Combine(RepositoryPaths.LibraryProtos, proto), .. beforePort, server.GrpcAddress.Port.ToString(CultureInfo.InvariantCulture), .. afterPort]);
        await peer.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(peer.ExitCode == 0, $"{script} failed:\n{peer.Output}\n{peer.Errors}");
        return peer.Output;
    }

    private sealed class SwitchableHealthCheck : IHealthCheck
    {
        public volatile bool Healthy = true;

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(Healthy ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("switched off by the test"));
    }
}
