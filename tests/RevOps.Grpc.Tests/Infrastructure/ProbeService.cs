using Google.Protobuf;
using RevOps.Grpc.Tests.Interop;

namespace RevOps.Grpc.Tests.Infrastructure;

/// <summary>What protocol tests observe from inside a handler; a DI singleton.</summary>
public sealed class Probe
{
    public TaskCompletionSource HandlerStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource HandlerCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>TestService with behaviours chosen by the request payload's text, for protocol tests; StreamingOutputCall is left unimplemented on purpose.</summary>
public sealed class ProbeService(Probe probe)
{
    public Task<Empty> EmptyCall(Empty request, ServerCallContext context) =>
        throw new InvalidOperationException("secret connection string: Password=hunter2");

    public async Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context)
    {
        switch (request.Payload?.Body.ToStringUtf8())
        {
            case "validation":
                throw RpcExceptions.InvalidArgument(("email", "is required"), ("occurred_at", "is more than 5 minutes in the future"));
            case "outage":
                throw new TimeoutException("the database did not answer");
            case "sleep":
                probe.HandlerStarted.TrySetResult();
                using (context.CancellationToken.Register(() => probe.HandlerCancelled.TrySetResult()))
                {
                    await Task.Delay(Timeout.Infinite, context.CancellationToken);
                }
                break;
            case "wait-release":
                probe.HandlerStarted.TrySetResult();
                await probe.Release.Task;
                break;
            case "echo-metadata":
                foreach (var entry in context.RequestHeaders.Where(e => e.Key.StartsWith("x-", StringComparison.Ordinal)))
                {
                    context.ResponseTrailers.Add(entry);
                }
                break;
        }
        return new SimpleResponse { Username = context.GetHttpContext().Connection.LocalPort.ToString(System.Globalization.CultureInfo.InvariantCulture), Payload = new Payload { Body = ByteString.CopyFrom(new byte[request.ResponseSize]) } };
    }

    public async Task<StreamingInputCallResponse> StreamingInputCall(IAsyncStreamReader<StreamingInputCallRequest> requestStream, ServerCallContext context)
    {
        var total = 0;
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            total += requestStream.Current.Payload.Body.Length;
        }
        return new StreamingInputCallResponse { AggregatedPayloadSize = total };
    }
}
