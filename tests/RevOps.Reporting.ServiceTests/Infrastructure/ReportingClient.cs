using Google.Protobuf;
using RevOps.Contracts.V1;
using RevOps.Grpc;

namespace RevOps.Reporting.ServiceTests.Infrastructure;

/// <summary>Typed calls to revops.v1.Reporting over our own client.</summary>
public sealed class ReportingClient(GrpcChannel channel)
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Reporting = ReportingReflection.Descriptor.Services[0];

    private readonly CallInvoker _invoker = channel.CreateCallInvoker();

    public Task<Funnel> GetFunnelAsync(GetFunnelRequest request) => Unary<GetFunnelRequest, Funnel>("GetFunnel", request);
    public Task<Scorecard> GetScorecardAsync(GetScorecardRequest request) => Unary<GetScorecardRequest, Scorecard>("GetScorecard", request);
    public Task<ReviewPack> GetReviewSampleAsync(GetReviewSampleRequest request) => Unary<GetReviewSampleRequest, ReviewPack>("GetReviewSample", request);
    public Task<WhatIfResponse> WhatIfAsync(WhatIfRequest request) => Unary<WhatIfRequest, WhatIfResponse>("WhatIf", request);

    public AsyncServerStreamingCall<ScorecardUpdate> WatchScorecard(GetScorecardRequest request, CancellationToken cancellationToken) =>
        _invoker.AsyncServerStreamingCall(Method.Create<GetScorecardRequest, ScorecardUpdate>(Reporting.FindMethodByName("WatchScorecard")), null,
            new CallOptions(CancellationToken: cancellationToken), request);

    private Task<TResponse> Unary<TRequest, TResponse>(string name, TRequest request)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        _invoker.AsyncUnaryCall(Method.Create<TRequest, TResponse>(Reporting.FindMethodByName(name)), null,
            new CallOptions(CancellationToken: TestContext.Current.CancellationToken), request).ResponseAsync;
}
