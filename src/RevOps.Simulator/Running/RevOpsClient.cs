using Google.Protobuf;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.RevenueContract;

namespace RevOps.Simulator.Running;

/// <summary>The public gRPC APIs the simulator plays against: scoring's LeadIngestion and RevenueContract, Routing, and Sla.</summary>
public sealed class RevOpsClient(GrpcChannel scoring, GrpcChannel routing, GrpcChannel sla)
{
    /// <summary>A hung call ends DEADLINE_EXCEEDED and is retried with the same key instead of holding its lead forever.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private static readonly ServiceDescriptor Ingestion = IngestionReflection.Descriptor.Services[0];
    private static readonly ServiceDescriptor Contract = ContractReflection.Descriptor.Services[0];
    private static readonly ServiceDescriptor Routing = RoutingReflection.Descriptor.Services[0];
    private static readonly ServiceDescriptor Sla = SlaReflection.Descriptor.Services[0];

    private readonly CallInvoker _scoring = scoring.CreateCallInvoker();
    private readonly CallInvoker _routing = routing.CreateCallInvoker();
    private readonly CallInvoker _sla = sla.CreateCallInvoker();

    public Task<SubmitLeadResponse> SubmitLeadAsync(SubmitLeadRequest request, CancellationToken ct) =>
        Unary<SubmitLeadRequest, SubmitLeadResponse>(_scoring, Ingestion, "SubmitLead", request, ct);

    public Task<RecordActivityResponse> RecordActivityAsync(RecordActivityRequest request, CancellationToken ct) =>
        Unary<RecordActivityRequest, RecordActivityResponse>(_scoring, Ingestion, "RecordActivity", request, ct);

    public Task<RecordTouchResponse> RecordTouchAsync(RecordTouchRequest request, CancellationToken ct) =>
        Unary<RecordTouchRequest, RecordTouchResponse>(_scoring, Ingestion, "RecordTouch", request, ct);

    public Task<RecordDispositionResponse> RecordDispositionAsync(RecordDispositionRequest request, CancellationToken ct) =>
        Unary<RecordDispositionRequest, RecordDispositionResponse>(_scoring, Ingestion, "RecordDisposition", request, ct);

    public Task<RecordOpportunityResponse> RecordOpportunityAsync(RecordOpportunityRequest request, CancellationToken ct) =>
        Unary<RecordOpportunityRequest, RecordOpportunityResponse>(_scoring, Ingestion, "RecordOpportunity", request, ct);

    public Task<GetLeadResponse> GetLeadAsync(GetLeadRequest request, CancellationToken ct) =>
        Unary<GetLeadRequest, GetLeadResponse>(_scoring, Ingestion, "GetLead", request, ct);

    public Task<ContractVersionInfo> GetActiveContractAsync(CancellationToken ct) =>
        Unary<GetActiveContractRequest, ContractVersionInfo>(_scoring, Contract, "GetActive", new GetActiveContractRequest(), ct);

    public Task<RoutingRep> UpsertRepAsync(UpsertRepRequest request, CancellationToken ct) =>
        Unary<UpsertRepRequest, RoutingRep>(_routing, Routing, "UpsertRep", request, ct);

    public Task<RoutingRep> SetAvailabilityAsync(SetAvailabilityRequest request, CancellationToken ct) =>
        Unary<SetAvailabilityRequest, RoutingRep>(_routing, Routing, "SetAvailability", request, ct);

    public Task<ExplainAssignmentResponse> ExplainAssignmentAsync(ExplainAssignmentRequest request, CancellationToken ct) =>
        Unary<ExplainAssignmentRequest, ExplainAssignmentResponse>(_routing, Routing, "ExplainAssignment", request, ct);

    public Task<ListBreachesResponse> ListBreachesAsync(ListBreachesRequest request, CancellationToken ct) =>
        Unary<ListBreachesRequest, ListBreachesResponse>(_sla, Sla, "ListBreaches", request, ct);

    public Task<SlaBreach> AnnotateBreachAsync(AnnotateBreachRequest request, CancellationToken ct) =>
        Unary<AnnotateBreachRequest, SlaBreach>(_sla, Sla, "AnnotateBreach", request, ct);

    /// <summary>The contract scoring judges by now, so the simulated leads meet (or miss) the criteria actually in force.</summary>
    public async Task<ContractDocument> LoadActiveContractAsync(CancellationToken ct) =>
        ContractLoader.Load((await GetActiveContractAsync(ct)).Yaml);

    private static Task<TResponse> Unary<TRequest, TResponse>(CallInvoker invoker, ServiceDescriptor service, string method, TRequest request, CancellationToken ct)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        invoker.AsyncUnaryCall(Method.Create<TRequest, TResponse>(service.FindMethodByName(method)), null,
            new CallOptions(Deadline: DateTime.UtcNow + CallTimeout, CancellationToken: ct), request).ResponseAsync;
}
