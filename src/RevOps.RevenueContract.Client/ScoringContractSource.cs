using Google.Protobuf;
using RevOps.Contracts.V1;
using RevOps.Grpc;

namespace RevOps.RevenueContract.Client;

/// <summary>Contract versions from the scoring service's revops.v1.RevenueContract API.</summary>
public sealed class ScoringContractSource(GrpcChannel scoring) : IContractSource
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = ContractReflection.Descriptor.Services[0];
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    private readonly CallInvoker _invoker = scoring.CreateCallInvoker();

    public async Task<ContractDocument> GetActiveAsync(CancellationToken cancellationToken) =>
        Parse(await CallAsync<GetActiveContractRequest, ContractVersionInfo>("GetActive", new GetActiveContractRequest(), cancellationToken));

    public async Task<ContractDocument?> GetVersionAsync(int version, CancellationToken cancellationToken)
    {
        // History is the API that serves past versions; the newest first, so a recent version is near the top.
        var history = await CallAsync<ContractHistoryRequest, ContractHistoryResponse>("History", new ContractHistoryRequest(), cancellationToken);
        var info = history.Versions.FirstOrDefault(v => v.Version == version);
        return info is null ? null : Parse(info);
    }

    private async Task<TResponse> CallAsync<TRequest, TResponse>(string method, TRequest request, CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        try
        {
            return await _invoker.AsyncUnaryCall(
                Method.Create<TRequest, TResponse>(Service.FindMethodByName(method)), null,
                new CallOptions(Deadline: DateTime.UtcNow + CallTimeout, CancellationToken: cancellationToken), request).ResponseAsync;
        }
        catch (RpcException ex)
        {
            throw new ContractUnavailableException($"The scoring service did not answer RevenueContract/{method}: {ex.Status.StatusCode} {ex.Status.Detail}", ex);
        }
    }

    private static ContractDocument Parse(ContractVersionInfo info)
    {
        var document = ContractLoader.Load(info.Yaml);
        return document.Version == info.Version
            ? document
            : throw new ContractUnavailableException($"Scoring served v{info.Version} whose YAML says version {document.Version}.");
    }
}
