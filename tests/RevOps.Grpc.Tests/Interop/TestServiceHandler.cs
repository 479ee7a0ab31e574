using Google.Protobuf;

namespace RevOps.Grpc.Tests.Interop;

/// <summary>Our grpc.testing.TestService, behaving as the interop test cases describe.</summary>
public sealed class TestServiceHandler
{
    private const string EchoInitialKey = "x-grpc-test-echo-initial";
    private const string EchoTrailingKey = "x-grpc-test-echo-trailing-bin";

    public Task<Empty> EmptyCall(Empty request, ServerCallContext context) => Task.FromResult(new Empty());

    public async Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context)
    {
        EnsureCompressedIfExpected(request.ExpectCompressed, context);
        var responseHeaders = EchoMetadata(context);
        if (request.ResponseCompressed?.Value == true)
        {
            responseHeaders.Add(CallOptions.RequestEncodingHeader, "gzip");
        }
        if (responseHeaders.Count > 0)
        {
            await context.WriteResponseHeadersAsync(responseHeaders);
        }
        ThrowIfStatusRequested(request.ResponseStatus);
        return new SimpleResponse { Payload = Zeros(request.ResponseSize) };
    }

    public async Task StreamingOutputCall(StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        foreach (var parameters in request.ResponseParameters)
        {
            if (parameters.IntervalUs > 0)
            {
                await Task.Delay(TimeSpan.FromMicroseconds(parameters.IntervalUs), context.CancellationToken);
            }
            await responseStream.WriteAsync(new StreamingOutputCallResponse { Payload = Zeros(parameters.Size) });
        }
        ThrowIfStatusRequested(request.ResponseStatus);
    }

    public async Task<StreamingInputCallResponse> StreamingInputCall(IAsyncStreamReader<StreamingInputCallRequest> requestStream, ServerCallContext context)
    {
        var total = 0;
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            EnsureCompressedIfExpected(requestStream.Current.ExpectCompressed, context);
            total += requestStream.Current.Payload?.Body.Length ?? 0;
        }
        return new StreamingInputCallResponse { AggregatedPayloadSize = total };
    }

    public async Task FullDuplexCall(
        IAsyncStreamReader<StreamingOutputCallRequest> requestStream, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        var responseHeaders = EchoMetadata(context);
        if (responseHeaders.Count > 0)
        {
            await context.WriteResponseHeadersAsync(responseHeaders);
        }
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            ThrowIfStatusRequested(requestStream.Current.ResponseStatus);
            foreach (var parameters in requestStream.Current.ResponseParameters)
            {
                await responseStream.WriteAsync(new StreamingOutputCallResponse { Payload = Zeros(parameters.Size) });
            }
        }
    }

    public async Task HalfDuplexCall(
        IAsyncStreamReader<StreamingOutputCallRequest> requestStream, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        var buffered = new List<StreamingOutputCallRequest>();
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            buffered.Add(requestStream.Current);
        }
        foreach (var parameters in buffered.SelectMany(r => r.ResponseParameters))
        {
            await responseStream.WriteAsync(new StreamingOutputCallResponse { Payload = Zeros(parameters.Size) });
        }
    }

    private static Metadata EchoMetadata(ServerCallContext context)
    {
        var responseHeaders = new Metadata();
        if (context.RequestHeaders.GetValue(EchoInitialKey) is { } initial)
        {
            responseHeaders.Add(EchoInitialKey, initial);
        }
        if (context.RequestHeaders.GetValueBytes(EchoTrailingKey) is { } trailing)
        {
            context.ResponseTrailers.Add(EchoTrailingKey, trailing);
        }
        return responseHeaders;
    }

    private static void EnsureCompressedIfExpected(BoolValue? expectCompressed, ServerCallContext context)
    {
        if (expectCompressed?.Value == true && context.GetHttpContext().Request.Headers["grpc-encoding"] != "gzip")
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "Expected a compressed request."));
        }
    }

    private static void ThrowIfStatusRequested(EchoStatus? status)
    {
        if (status is { Code: not 0 })
        {
            throw new RpcException(new Status((StatusCode)status.Code, status.Message));
        }
    }

    private static Payload Zeros(int size) => new() { Body = ByteString.CopyFrom(new byte[size]) };
}
