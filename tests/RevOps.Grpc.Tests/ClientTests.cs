using System.Globalization;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using RevOps.Grpc.Tests.Infrastructure;
using RevOps.Grpc.Tests.Interop;

namespace RevOps.Grpc.Tests;

public sealed class ClientTests
{
    private static readonly Method<SimpleRequest, SimpleResponse> UnaryCall = Method.Create<SimpleRequest, SimpleResponse>(TestReflection.Descriptor.Services[0].Methods[1]);

    private static CancellationToken TestToken => TestContext.Current.CancellationToken;

    private static Task<TestServer> StartProbeServerAsync(int? port = null) =>
        TestServer.StartAsync(
            configure: b => b.Services.AddSingleton<Probe>(),
            map: app => app.MapGrpcService<ProbeService>(TestReflection.Descriptor.Services[0]),
            port: port);

    private static SimpleRequest Command(string command) => new() { Payload = new Payload { Body = ByteString.CopyFromUtf8(command) } };

    [Fact]
    public async Task Replicas_share_calls_round_robin_and_one_refusing_connections_is_skipped()
    {
        await using var first = await StartProbeServerAsync();
        await using var second = await StartProbeServerAsync();
        var refusing = new Uri($"http://127.0.0.1:{TestServer.FreePort()}");
        using var channel = GrpcChannel.ForAddresses(
            [refusing, first.GrpcAddress, second.GrpcAddress], new GrpcChannelOptions { FailedAddressCooldown = TimeSpan.FromMinutes(5) });
        var invoker = channel.CreateCallInvoker();

        var servedBy = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            var response = await invoker.AsyncUnaryCall(UnaryCall, null, new CallOptions(CancellationToken: TestToken), Command(""));
            servedBy.Add(int.Parse(response.Username, CultureInfo.InvariantCulture));
        }

        Assert.Equal(3, servedBy.Count(p => p == first.GrpcAddress.Port));
        Assert.Equal(3, servedBy.Count(p => p == second.GrpcAddress.Port));
    }

    [Fact]
    public async Task Duplex_calls_that_wait_for_response_headers_before_writing_do_not_stall_on_a_reused_connection()
    {
        var fullDuplexCall = Method.Create<StreamingOutputCallRequest, StreamingOutputCallResponse>(TestReflection.Descriptor.Services[0].Methods[4]);
        await using var server = await TestServer.StartAsync();
        using var channel = GrpcChannel.ForAddress(server.GrpcAddress);
        var invoker = channel.CreateCallInvoker();
        // The server sends its headers before reading, so each call's headers must reach it before any message does.
        for (var call = 0; call < 3; call++)
        {
            var headers = new Metadata { { "x-grpc-test-echo-initial", $"call-{call}" } };
            using var duplex = invoker.AsyncDuplexStreamingCall(fullDuplexCall, null, new CallOptions(Headers: headers, CancellationToken: TestToken));
            var responseHeaders = await duplex.ResponseHeadersAsync.WaitAsync(TimeSpan.FromSeconds(10), TestToken);
            Assert.Equal($"call-{call}", responseHeaders.GetValue("x-grpc-test-echo-initial"));
            await duplex.RequestStream.WriteAsync(new StreamingOutputCallRequest { ResponseParameters = { new ResponseParameters { Size = 7 } } }, TestToken);
            await duplex.RequestStream.CompleteAsync();
            Assert.True(await duplex.ResponseStream.MoveNext(TestToken));
            Assert.Equal(7, duplex.ResponseStream.Current.Payload.Body.Length);
            Assert.False(await duplex.ResponseStream.MoveNext(TestToken));
        }
    }

    [Fact]
    public async Task Idempotent_call_retries_with_backoff_until_the_server_comes_up()
    {
        var port = TestServer.FreePort();
        using var channel = GrpcChannel.ForAddress(new Uri($"http://127.0.0.1:{port}"), new GrpcChannelOptions
        {
            // Room for a slow start-up on a busy machine: about 40 s of attempts.
            MaxAttempts = 200,
            InitialBackoff = TimeSpan.FromMilliseconds(50),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
        });
        var call = channel.CreateCallInvoker().AsyncUnaryCall(UnaryCall, null, new CallOptions(IsIdempotent: true, CancellationToken: TestToken), Command(""));

        await Task.Delay(300, TestToken);
        Assert.False(call.ResponseAsync.IsCompleted);
        await using var server = await StartProbeServerAsync(port);

        var response = await call.ResponseAsync.WaitAsync(TimeSpan.FromSeconds(60), TestToken);
        Assert.Equal(port.ToString(CultureInfo.InvariantCulture), response.Username);
    }

    [Fact]
    public async Task Call_not_marked_idempotent_fails_UNAVAILABLE_without_retrying()
    {
        using var channel = GrpcChannel.ForAddress(new Uri($"http://127.0.0.1:{TestServer.FreePort()}"), new GrpcChannelOptions { MaxAttempts = 50 });

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await channel.CreateCallInvoker().AsyncUnaryCall(UnaryCall, null, new CallOptions(CancellationToken: TestToken), Command("")));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    [Fact]
    public async Task Client_deadline_ends_the_call_DEADLINE_EXCEEDED_and_cancels_the_server_handler()
    {
        await using var server = await StartProbeServerAsync();
        using var channel = GrpcChannel.ForAddress(server.GrpcAddress);
        var probe = server.Services.GetRequiredService<Probe>();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await channel.CreateCallInvoker().AsyncUnaryCall(UnaryCall, null, new CallOptions(Deadline: DateTime.UtcNow.AddMilliseconds(300), CancellationToken: TestToken), Command("sleep")));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        await probe.HandlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10), TestToken);
    }

    [Fact]
    public async Task Shutdown_lets_an_in_flight_call_finish_and_refuses_new_ones()
    {
        var server = await StartProbeServerAsync();
        await using var _ = server;
        using var channel = GrpcChannel.ForAddress(server.GrpcAddress);
        var invoker = channel.CreateCallInvoker();
        var probe = server.Services.GetRequiredService<Probe>();
        var inFlight = invoker.AsyncUnaryCall(UnaryCall, null, new CallOptions(CancellationToken: TestToken), Command("wait-release"));
        await probe.HandlerStarted.Task.WaitAsync(TimeSpan.FromSeconds(10), TestToken);

        var stopping = server.StopAsync();
        await WaitUntilAsync(async () =>
        {
            using var fresh = GrpcChannel.ForAddress(server.GrpcAddress);
            try
            {
                await fresh.CreateCallInvoker().AsyncUnaryCall(UnaryCall, null, new CallOptions(CancellationToken: TestToken), Command(""));
                return false;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
            {
                return true;
            }
        });
        Assert.False(inFlight.ResponseAsync.IsCompleted);
        probe.Release.SetResult();

        var response = await inFlight.ResponseAsync.WaitAsync(TimeSpan.FromSeconds(10), TestToken);
        Assert.Equal(server.GrpcAddress.Port.ToString(CultureInfo.InvariantCulture), response.Username);
        await stopping.WaitAsync(TimeSpan.FromSeconds(10), TestToken);
    }

    [Fact]
    public async Task Handler_whose_signature_does_not_match_fails_at_start_up_with_a_clear_message()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TestServer.StartAsync(map: app => app.MapGrpcService<MismatchedHandler>(TestReflection.Descriptor.Services[0])));

        Assert.Contains("MismatchedHandler.UnaryCall", error.Message, StringComparison.Ordinal);
        Assert.Contains("public Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streaming_write_after_the_call_failed_reports_the_status()
    {
        await using var server = await StartProbeServerAsync();
        using var channel = GrpcChannel.ForAddress(server.GrpcAddress);
        var fullDuplex = Method.Create<StreamingOutputCallRequest, StreamingOutputCallResponse>(TestReflection.Descriptor.Services[0].Methods[4]);
        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(fullDuplex, null, new CallOptions(CancellationToken: TestToken));

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(TestToken));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        await Assert.ThrowsAsync<RpcException>(() => call.RequestStream.WriteAsync(new StreamingOutputCallRequest(), TestToken));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 10 s.");
            await Task.Delay(50, TestToken);
        }
    }

    private sealed class MismatchedHandler
    {
        public Task<SimpleResponse> UnaryCall(SimpleRequest request) => Task.FromResult(new SimpleResponse());
    }
}
