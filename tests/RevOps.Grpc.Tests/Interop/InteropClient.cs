using Google.Protobuf;

namespace RevOps.Grpc.Tests.Interop;

/// <summary>Runs the interop test cases with our client against any TestService server.</summary>
public sealed class InteropClient : IDisposable
{
    private static readonly Method<Empty, Empty> EmptyCall = Method.Create<Empty, Empty>(TestReflection.Descriptor.Services[0].Methods[0]);
    private static readonly Method<SimpleRequest, SimpleResponse> UnaryCall = Method.Create<SimpleRequest, SimpleResponse>(TestReflection.Descriptor.Services[0].Methods[1]);
    private static readonly Method<StreamingOutputCallRequest, StreamingOutputCallResponse> StreamingOutputCall =
        Method.Create<StreamingOutputCallRequest, StreamingOutputCallResponse>(TestReflection.Descriptor.Services[0].Methods[2]);
    private static readonly Method<StreamingInputCallRequest, StreamingInputCallResponse> StreamingInputCall =
        Method.Create<StreamingInputCallRequest, StreamingInputCallResponse>(TestReflection.Descriptor.Services[0].Methods[3]);
    private static readonly Method<StreamingOutputCallRequest, StreamingOutputCallResponse> FullDuplexCall =
        Method.Create<StreamingOutputCallRequest, StreamingOutputCallResponse>(TestReflection.Descriptor.Services[0].Methods[4]);
    private static readonly Method<Empty, Empty> UnimplementedCall = Method.Create<Empty, Empty>(TestReflection.Descriptor.Services[0].Methods[6]);
    private static readonly Method<Empty, Empty> UnimplementedServiceCall = Method.Create<Empty, Empty>(TestReflection.Descriptor.Services[1].Methods[0]);

    private readonly ResponseEncodingRecorder recorder;
    private readonly GrpcChannel channel;
    private readonly CallInvoker invoker;
    private readonly bool serverChecksCompression;

    /// <param name="serverChecksCompression">False for servers that can't see whether a request was compressed (grpcio), which skip the probe.</param>
    public InteropClient(Uri address, bool serverChecksCompression = true)
    {
        recorder = new ResponseEncodingRecorder(new SocketsHttpHandler());
        channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = recorder, DisposeHttpHandler = true });
        invoker = channel.CreateCallInvoker();
        this.serverChecksCompression = serverChecksCompression;
    }

    public Task RunAsync(string name) => name switch
    {
        "empty_unary" => EmptyUnaryAsync(),
        "large_unary" => LargeUnaryAsync(),
        "client_streaming" => ClientStreamingAsync(),
        "server_streaming" => ServerStreamingAsync(),
        "ping_pong" => PingPongAsync(),
        "empty_stream" => EmptyStreamAsync(),
        "custom_metadata" => CustomMetadataAsync(),
        "status_code_and_message" => StatusCodeAndMessageAsync("test status message"),
        "special_status_message" => StatusCodeAndMessageAsync("\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n"),
        "unimplemented_method" => ExpectStatusAsync(StatusCode.Unimplemented, () => invoker.AsyncUnaryCall(UnimplementedCall, null, default, new Empty()).ResponseAsync),
        "unimplemented_service" => ExpectStatusAsync(StatusCode.Unimplemented, () => invoker.AsyncUnaryCall(UnimplementedServiceCall, null, default, new Empty()).ResponseAsync),
        "timeout_on_sleeping_server" => TimeoutOnSleepingServerAsync(),
        "cancel_after_begin" => CancelAfterBeginAsync(),
        "cancel_after_first_response" => CancelAfterFirstResponseAsync(),
        "client_compressed_unary" => ClientCompressedUnaryAsync(),
        "server_compressed_unary" => ServerCompressedUnaryAsync(),
        _ => throw new ArgumentException($"Unknown interop case '{name}'.", nameof(name)),
    };

    private async Task EmptyUnaryAsync()
    {
        var response = await invoker.AsyncUnaryCall(EmptyCall, null, default, new Empty());
        Assert.Equal(new Empty(), response);
    }

    private async Task LargeUnaryAsync()
    {
        var response = await invoker.AsyncUnaryCall(UnaryCall, null, default, LargeRequest());
        Assert.Equal(314159, response.Payload.Body.Length);
        Assert.All(response.Payload.Body, b => Assert.Equal(0, b));
    }

    private async Task ClientStreamingAsync()
    {
        using var call = invoker.AsyncClientStreamingCall(StreamingInputCall, null, default);
        foreach (var size in new[] { 27182, 8, 1828, 45904 })
        {
            await call.RequestStream.WriteAsync(new StreamingInputCallRequest { Payload = Zeros(size) });
        }
        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;
        Assert.Equal(74922, response.AggregatedPayloadSize);
    }

    private async Task ServerStreamingAsync()
    {
        int[] sizes = [31415, 9, 2653, 58979];
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.AddRange(sizes.Select(s => new ResponseParameters { Size = s }));
        using var call = invoker.AsyncServerStreamingCall(StreamingOutputCall, null, default, request);
        var received = new List<int>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            received.Add(call.ResponseStream.Current.Payload.Body.Length);
        }
        Assert.Equal(sizes, received);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    private async Task PingPongAsync()
    {
        (int Response, int Request)[] steps = [(31415, 27182), (9, 8), (2653, 1828), (58979, 45904)];
        using var call = invoker.AsyncDuplexStreamingCall(FullDuplexCall, null, default);
        foreach (var (responseSize, requestSize) in steps)
        {
            await call.RequestStream.WriteAsync(StreamingRequest(responseSize, requestSize));
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(responseSize, call.ResponseStream.Current.Payload.Body.Length);
        }
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
    }

    private async Task EmptyStreamAsync()
    {
        using var call = invoker.AsyncDuplexStreamingCall(FullDuplexCall, null, default);
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
    }

    private async Task CustomMetadataAsync()
    {
        byte[] trailingValue = [0xab, 0xab, 0xab];
        var headers = new Metadata
        {
            { "x-grpc-test-echo-initial", "test_initial_metadata_value" },
            { "x-grpc-test-echo-trailing-bin", trailingValue },
        };
        var request = LargeRequest();
        using (var unary = invoker.AsyncUnaryCall(UnaryCall, null, new CallOptions(Headers: headers), request))
        {
            await unary.ResponseAsync;
            Assert.Equal("test_initial_metadata_value", (await unary.ResponseHeadersAsync).GetValue("x-grpc-test-echo-initial"));
            Assert.Equal(trailingValue, unary.GetTrailers().GetValueBytes("x-grpc-test-echo-trailing-bin"));
        }
        using var duplex = invoker.AsyncDuplexStreamingCall(FullDuplexCall, null, new CallOptions(Headers: headers));
        await duplex.RequestStream.WriteAsync(StreamingRequest(314159, 271828));
        await duplex.RequestStream.CompleteAsync();
        Assert.Equal("test_initial_metadata_value", (await duplex.ResponseHeadersAsync).GetValue("x-grpc-test-echo-initial"));
        Assert.True(await duplex.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(314159, duplex.ResponseStream.Current.Payload.Body.Length);
        Assert.False(await duplex.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(trailingValue, duplex.GetTrailers().GetValueBytes("x-grpc-test-echo-trailing-bin"));
    }

    private async Task StatusCodeAndMessageAsync(string message)
    {
        var status = new EchoStatus { Code = 2, Message = message };
        var unary = await Assert.ThrowsAsync<RpcException>(async () =>
            await invoker.AsyncUnaryCall(UnaryCall, null, default, new SimpleRequest { ResponseStatus = status }));
        Assert.Equal(new Status(StatusCode.Unknown, message), unary.Status);

        using var duplex = invoker.AsyncDuplexStreamingCall(FullDuplexCall, null, default);
        await duplex.RequestStream.WriteAsync(new StreamingOutputCallRequest { ResponseStatus = status });
        await duplex.RequestStream.CompleteAsync();
        var streamed = await Assert.ThrowsAsync<RpcException>(() => duplex.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(new Status(StatusCode.Unknown, message), streamed.Status);
    }

    private async Task TimeoutOnSleepingServerAsync()
    {
        using var call = invoker.AsyncDuplexStreamingCall(FullDuplexCall, null, new CallOptions(Deadline: DateTime.UtcNow.AddMilliseconds(1)));
        try
        {
            await call.RequestStream.WriteAsync(new StreamingOutputCallRequest { Payload = Zeros(27182) });
        }
        catch (RpcException exception)
        {
            // The deadline may pass before the first write, which then fails with the call's status.
            Assert.Equal(StatusCode.DeadlineExceeded, exception.StatusCode);
        }
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    private async Task CancelAfterBeginAsync()
    {
        using var cancellation = new CancellationTokenSource();
        using var call = invoker.AsyncClientStreamingCall(StreamingInputCall, null, new CallOptions(CancellationToken: cancellation.Token));
        await cancellation.CancelAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }

    private async Task CancelAfterFirstResponseAsync()
    {
        using var cancellation = new CancellationTokenSource();
        using var call = invoker.AsyncDuplexStreamingCall(FullDuplexCall, null, new CallOptions(CancellationToken: cancellation.Token));
        await call.RequestStream.WriteAsync(StreamingRequest(31415, 27182));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(31415, call.ResponseStream.Current.Payload.Body.Length);
        await cancellation.CancelAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }

    private async Task ClientCompressedUnaryAsync()
    {
        if (serverChecksCompression)
        {
            var probe = LargeRequest();
            probe.ExpectCompressed = new BoolValue { Value = true };
            var error = await Assert.ThrowsAsync<RpcException>(async () => await invoker.AsyncUnaryCall(UnaryCall, null, default, probe));
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        }
        var compressed = LargeRequest();
        compressed.ExpectCompressed = new BoolValue { Value = true };
        var response = await invoker.AsyncUnaryCall(UnaryCall, null, new CallOptions().WithRequestCompression("gzip"), compressed);
        Assert.Equal(314159, response.Payload.Body.Length);
        Assert.Equal("gzip", recorder.LastRequestEncoding);

        var uncompressed = LargeRequest();
        uncompressed.ExpectCompressed = new BoolValue { Value = false };
        response = await invoker.AsyncUnaryCall(UnaryCall, null, default, uncompressed);
        Assert.Equal(314159, response.Payload.Body.Length);
        Assert.Null(recorder.LastRequestEncoding);
    }

    private async Task ServerCompressedUnaryAsync()
    {
        foreach (var compress in new[] { true, false })
        {
            var request = LargeRequest();
            request.ResponseCompressed = new BoolValue { Value = compress };
            var response = await invoker.AsyncUnaryCall(UnaryCall, null, default, request);
            Assert.Equal(314159, response.Payload.Body.Length);
            if (compress)
            {
                Assert.Equal("gzip", recorder.LastResponseEncoding);
            }
        }
    }

    private static async Task ExpectStatusAsync(StatusCode expected, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(expected, error.StatusCode);
    }

    private static SimpleRequest LargeRequest() => new() { ResponseSize = 314159, Payload = Zeros(271828) };

    private static StreamingOutputCallRequest StreamingRequest(int responseSize, int requestSize)
    {
        var request = new StreamingOutputCallRequest { Payload = Zeros(requestSize) };
        request.ResponseParameters.Add(new ResponseParameters { Size = responseSize });
        return request;
    }

    private static Payload Zeros(int size) => new() { Body = ByteString.CopyFrom(new byte[size]) };

    public void Dispose() => channel.Dispose();

    /// <summary>Sees the grpc-encoding headers our client sends and receives, which metadata hides.</summary>
    private sealed class ResponseEncodingRecorder(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public string? LastRequestEncoding { get; private set; }

        public string? LastResponseEncoding { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            LastRequestEncoding = request.Headers.TryGetValues("grpc-encoding", out var sent) ? sent.First() : null;
            var response = await base.SendAsync(request, cancellationToken);
            LastResponseEncoding = response.Headers.TryGetValues("grpc-encoding", out var received) ? received.First() : null;
            return response;
        }
    }
}
