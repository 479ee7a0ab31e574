using Microsoft.Extensions.DependencyInjection;
using Google.Protobuf;
using RevOps.Grpc.Tests.Infrastructure;
using RevOps.Grpc.Tests.Interop;

namespace RevOps.Grpc.Tests;

/// <summary>The server's handling of malformed and edge-case requests, sent as raw HTTP/2.</summary>
public sealed class ServerProtocolTests : IAsyncLifetime
{
    private const string Unary = "/grpc.testing.TestService/UnaryCall";
    private TestServer server = null!;
    private RawGrpcClient raw = null!;

    public async ValueTask InitializeAsync()
    {
        server = await TestServer.StartAsync(
            configure: b => b.Services.AddSingleton<Probe>(),
            map: app => app.MapGrpcService<ProbeService>(TestReflection.Descriptor.Services[0]),
            grpcOptions: o =>
            {
                o.MaxReceiveMessageSize = 64 * 1024;
                o.ExceptionStatuses.Add(e => e is TimeoutException ? new Status(StatusCode.Unavailable, "Try again.") : null);
            });
        raw = new RawGrpcClient(server.GrpcAddress);
    }

    public async ValueTask DisposeAsync()
    {
        raw.Dispose();
        await server.DisposeAsync();
    }

    private static byte[] Request(string command = "", int responseSize = 0) =>
        new SimpleRequest { ResponseSize = responseSize, Payload = new Payload { Body = ByteString.CopyFromUtf8(command) } }.ToByteArray();

    [Fact]
    public async Task Well_formed_unary_call_ends_OK_with_its_message_then_trailers()
    {
        var response = await raw.SendAsync(Unary, RawGrpcClient.Frame(Request(responseSize: 10)));

        Assert.Equal(StatusCode.OK, response.GrpcStatus);
        Assert.False(response.TrailersOnly);
        Assert.Equal(5 + new SimpleResponse { Username = server.GrpcAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), Payload = new Payload { Body = ByteString.CopyFrom(new byte[10]) } }.CalculateSize(), response.Body.Length);
    }

    [Fact]
    public async Task Unparsable_message_bytes_end_the_call_INTERNAL_and_the_server_keeps_serving()
    {
        var response = await raw.SendAsync(Unary, RawGrpcClient.Frame([0xFF, 0xFF, 0xFF, 0xFF]));

        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
        Assert.True(response.TrailersOnly);
        Assert.Equal(StatusCode.OK, (await raw.SendAsync(Unary, RawGrpcClient.Frame(Request()))).GrpcStatus);
    }

    [Fact]
    public async Task Length_prefix_longer_than_the_body_is_INTERNAL()
    {
        var response = await raw.SendAsync(Unary, RawGrpcClient.Frame(Request(), declaredLength: 1000));

        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
    }

    [Fact]
    public async Task Compressed_flag_without_grpc_encoding_is_INTERNAL()
    {
        var response = await raw.SendAsync(Unary, RawGrpcClient.Frame(Request(), compressed: true));

        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
    }

    [Fact]
    public async Task Zero_messages_to_a_unary_method_is_UNIMPLEMENTED()
    {
        var response = await raw.SendAsync(Unary, []);

        Assert.Equal(StatusCode.Unimplemented, response.GrpcStatus);
    }

    [Fact]
    public async Task Two_messages_to_a_unary_method_is_UNIMPLEMENTED()
    {
        var response = await raw.SendAsync(Unary, [.. RawGrpcClient.Frame(Request()), .. RawGrpcClient.Frame(Request())]);

        Assert.Equal(StatusCode.Unimplemented, response.GrpcStatus);
    }

    [Fact]
    public async Task Unsupported_grpc_encoding_is_UNIMPLEMENTED_and_lists_the_supported_ones()
    {
        var response = await raw.SendAsync(Unary, RawGrpcClient.Frame(Request(), compressed: true), headers: [("grpc-encoding", "br")]);

        Assert.Equal(StatusCode.Unimplemented, response.GrpcStatus);
        Assert.Contains("gzip", response.Header("grpc-accept-encoding"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gzip_request_message_with_grpc_encoding_is_accepted()
    {
        var compressed = Internal.GrpcCompression.Compress(Request(responseSize: 3));

        var response = await raw.SendAsync(Unary, RawGrpcClient.Frame(compressed, compressed: true), headers: [("grpc-encoding", "gzip")]);

        Assert.Equal(StatusCode.OK, response.GrpcStatus);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1x")]
    [InlineData("123456789S")]
    [InlineData("-5m")]
    [InlineData("99999999H")]
    public async Task Malformed_or_enormous_grpc_timeout_does_not_fail_the_call(string timeout)
    {
        var response = await raw.SendAsync(Unary, RawGrpcClient.Frame(Request()), headers: [("grpc-timeout", timeout)]);

        Assert.Equal(StatusCode.OK, response.GrpcStatus);
    }

    [Fact]
    public async Task Message_over_the_receive_limit_is_RESOURCE_EXHAUSTED()
    {
        var response = await raw.SendAsync(Unary, RawGrpcClient.Frame(new SimpleRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[65 * 1024]) } }.ToByteArray()));

        Assert.Equal(StatusCode.ResourceExhausted, response.GrpcStatus);
    }

    [Fact]
    public async Task Non_grpc_content_type_is_HTTP_415()
    {
        var response = await raw.SendAsync(Unary, RawGrpcClient.Frame(Request()), contentType: "application/json");

        Assert.Equal(System.Net.HttpStatusCode.UnsupportedMediaType, response.HttpStatus);
    }

    [Fact]
    public async Task Grpc_request_on_the_HTTP_1_1_endpoint_is_HTTP_426()
    {
        using var http = new HttpClient();
        using var content = new ByteArrayContent(RawGrpcClient.Frame(Request()));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");

        using var response = await http.PostAsync(new Uri(server.HttpAddress, Unary), content, TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.UpgradeRequired, response.StatusCode);
    }

    [Fact]
    public async Task Non_POST_is_HTTP_405()
    {
        var response = await raw.SendAsync(Unary, [], method: HttpMethod.Get);

        Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, response.HttpStatus);
    }

    [Theory]
    [InlineData("/grpc.testing.TestService/NoSuchMethod")]
    [InlineData("/grpc.testing.TestService/StreamingOutputCall")]
    [InlineData("/no.such.Service/Call")]
    public async Task Unknown_service_or_method_or_one_the_handler_lacks_is_UNIMPLEMENTED(string path)
    {
        var response = await raw.SendAsync(path, RawGrpcClient.Frame([]));

        Assert.Equal(StatusCode.Unimplemented, response.GrpcStatus);
    }

    [Fact]
    public async Task Unhandled_exception_is_INTERNAL_without_its_text()
    {
        var response = await raw.SendAsync("/grpc.testing.TestService/EmptyCall", RawGrpcClient.Frame([]));

        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
        Assert.DoesNotContain("hunter2", response.Header("grpc-message") ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("secret", response.Header("grpc-message") ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exception_a_mapper_claims_ends_with_its_status_and_message()
    {
        var response = await raw.SendAsync(Unary, RawGrpcClient.Frame(Request("outage")));

        Assert.Equal(StatusCode.Unavailable, response.GrpcStatus);
        Assert.Equal("Try again.", Uri.UnescapeDataString(response.Header("grpc-message") ?? ""));
    }

    [Fact]
    public async Task Deadline_from_grpc_timeout_cancels_the_handler_and_ends_DEADLINE_EXCEEDED()
    {
        var probe = server.Services.GetRequiredService<Probe>();

        var response = await raw.SendAsync(Unary, RawGrpcClient.Frame(Request("sleep")), headers: [("grpc-timeout", "200m")]);

        Assert.Equal(StatusCode.DeadlineExceeded, response.GrpcStatus);
        Assert.True(probe.HandlerCancelled.Task.IsCompleted);
    }

    [Fact]
    public async Task Client_reset_cancels_the_handler()
    {
        var probe = server.Services.GetRequiredService<Probe>();
        using var cancellation = new CancellationTokenSource();
        var call = raw.SendCancellableAsync(Unary, RawGrpcClient.Frame(Request("sleep")), cancellation.Token);
        await probe.HandlerStarted.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await probe.HandlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Binary_metadata_accepts_padded_unpadded_and_comma_joined_base64()
    {
        var response = await raw.SendAsync(Unary, RawGrpcClient.Frame(Request("echo-metadata")), headers:
        [
            ("x-padded-bin", "q6s="),
            ("x-unpadded-bin", "q6s"),
            ("x-joined-bin", "q6s,q6ur"),
            ("x-text", "plain value"),
        ]);

        Assert.Equal(StatusCode.OK, response.GrpcStatus);
        Assert.Equal("q6s=", response.Trailers["x-padded-bin"]);
        Assert.Equal("q6s=", response.Trailers["x-unpadded-bin"]);
        Assert.Equal("q6s=,q6ur", response.Trailers["x-joined-bin"]);
        Assert.Equal("plain value", response.Trailers["x-text"]);
    }

    [Fact]
    public async Task Validation_errors_carry_field_violations_in_grpc_status_details_bin()
    {
        using var channel = GrpcChannel.ForAddress(server.GrpcAddress);
        var method = Method.Create<SimpleRequest, SimpleResponse>(TestReflection.Descriptor.Services[0].Methods[1]);
        var request = new SimpleRequest { Payload = new Payload { Body = ByteString.CopyFromUtf8("validation") } };

        var error = await Assert.ThrowsAsync<RpcException>(async () => await channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(CancellationToken: TestContext.Current.CancellationToken), request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(
            [new FieldViolation("email", "is required"), new FieldViolation("occurred_at", "is more than 5 minutes in the future")],
            error.GetFieldViolations());
    }
}
