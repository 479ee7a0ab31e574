using Google.Protobuf;
using RevOps.Contracts.V1;
using RevOps.Grpc;

namespace RevOps.Scoring.ServiceTests.Infrastructure;

/// <summary>Typed calls to the scoring service's two gRPC APIs over our own client.</summary>
public sealed class ScoringClient(GrpcChannel channel)
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Ingestion = IngestionReflection.Descriptor.Services[0];
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Contract = ContractReflection.Descriptor.Services[0];

    private readonly CallInvoker _invoker = channel.CreateCallInvoker();

    public Task<SubmitLeadResponse> SubmitLeadAsync(SubmitLeadRequest request) => Unary<SubmitLeadRequest, SubmitLeadResponse>(Ingestion, "SubmitLead", request);
    public Task<RecordActivityResponse> RecordActivityAsync(RecordActivityRequest request) => Unary<RecordActivityRequest, RecordActivityResponse>(Ingestion, "RecordActivity", request);
    public Task<RecordTouchResponse> RecordTouchAsync(RecordTouchRequest request) => Unary<RecordTouchRequest, RecordTouchResponse>(Ingestion, "RecordTouch", request);
    public Task<RecordDispositionResponse> RecordDispositionAsync(RecordDispositionRequest request) => Unary<RecordDispositionRequest, RecordDispositionResponse>(Ingestion, "RecordDisposition", request);
    public Task<RecordOpportunityResponse> RecordOpportunityAsync(RecordOpportunityRequest request) => Unary<RecordOpportunityRequest, RecordOpportunityResponse>(Ingestion, "RecordOpportunity", request);
    public Task<GetLeadResponse> GetLeadAsync(GetLeadRequest request) => Unary<GetLeadRequest, GetLeadResponse>(Ingestion, "GetLead", request);
    public Task<SuggestAdjustmentsResponse> SuggestAdjustmentsAsync(SuggestAdjustmentsRequest request) => Unary<SuggestAdjustmentsRequest, SuggestAdjustmentsResponse>(Ingestion, "SuggestAdjustments", request);

    public AsyncClientStreamingCall<SubmitLeadRequest, SubmitLeadsResponse> SubmitLeads(CancellationToken cancellationToken = default) =>
        _invoker.AsyncClientStreamingCall(Method.Create<SubmitLeadRequest, SubmitLeadsResponse>(Ingestion.FindMethodByName("SubmitLeads")), null,
            new CallOptions(CancellationToken: cancellationToken));

    public Task<ContractVersionInfo> GetActiveAsync() => Unary<GetActiveContractRequest, ContractVersionInfo>(Contract, "GetActive", new GetActiveContractRequest());
    public Task<ContractVersionInfo> ProposeAsync(ProposeContractRequest request) => Unary<ProposeContractRequest, ContractVersionInfo>(Contract, "Propose", request);
    public Task<SignContractResponse> SignAsync(SignContractRequest request) => Unary<SignContractRequest, SignContractResponse>(Contract, "Sign", request);
    public Task<ContractHistoryResponse> HistoryAsync(ContractHistoryRequest request) => Unary<ContractHistoryRequest, ContractHistoryResponse>(Contract, "History", request);
    public Task<DiffContractsResponse> DiffAsync(DiffContractsRequest request) => Unary<DiffContractsRequest, DiffContractsResponse>(Contract, "Diff", request);

    private Task<TResponse> Unary<TRequest, TResponse>(Google.Protobuf.Reflection.ServiceDescriptor service, string name, TRequest request)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        _invoker.AsyncUnaryCall(Method.Create<TRequest, TResponse>(service.FindMethodByName(name)), null,
            new CallOptions(CancellationToken: TestContext.Current.CancellationToken), request).ResponseAsync;
}
