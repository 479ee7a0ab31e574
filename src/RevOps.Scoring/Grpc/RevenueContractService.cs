using RevOps.Contracts.V1;
using RevOps.Grpc;
using FieldViolation = RevOps.Grpc.FieldViolation;
using RevOps.RevenueContract;
using RevOps.Scoring.Contracts;
using RevOps.Scoring.Data;
using RevOps.Scoring.Grpc.Internal;

namespace RevOps.Scoring.Grpc;

/// <summary>revops.v1.RevenueContract: read, propose, sign (two sides activate), history and diff of contract versions.</summary>
internal sealed class RevenueContractService(ContractStore store, ActiveContract activeContract)
{
    public async Task<ContractVersionInfo> GetActive(GetActiveContractRequest request, ServerCallContext context)
    {
        var version = activeContract.Current.Version;
        var record = await store.GetAsync(version, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.Unavailable, $"active contract version {version} is not readable"));
        return ContractMapping.ToInfo(record, version);
    }

    public async Task<ContractVersionInfo> Propose(ProposeContractRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        if (string.IsNullOrWhiteSpace(request.ProposedBy))
            violations.Add(new("proposed_by", "proposed_by is required: name who proposes this version"));
        ContractDocument? document = null;
        if (string.IsNullOrWhiteSpace(request.Yaml))
        {
            violations.Add(new("yaml", "yaml is required: the full contract document"));
        }
        else
        {
            var loaded = ContractLoader.Parse(request.Yaml);
            document = loaded.Contract;
            violations.AddRange(loaded.Errors.Select(e => new FieldViolation("yaml", $"line {e.Line}, column {e.Column} ({e.Path}): {e.Message}")));
        }
        RpcExceptions.ThrowIfAny(violations);
        var record = await store.ProposeAsync(document!, request.ProposedBy.Trim(), NullIfEmpty(request.Comment), context.CancellationToken);
        return ContractMapping.ToInfo(record, activeContract.Current.Version);
    }

    public async Task<SignContractResponse> Sign(SignContractRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        if (request.Version <= 0)
            violations.Add(new("version", "version must be a proposed contract version (1 or more)"));
        var side = ContractMapping.ToSide(request.Side);
        if (side is null)
            violations.Add(new("side", "side must be SIGNING_SIDE_MARKETING or SIGNING_SIDE_SALES"));
        if (string.IsNullOrWhiteSpace(request.Signer))
            violations.Add(new("signer", "signer is required: name the person signing"));
        RpcExceptions.ThrowIfAny(violations);

        var result = await store.SignAsync(request.Version, side!.Value, request.Signer, NullIfEmpty(request.Comment), context.CancellationToken);
        // This replica switches now; the others follow on NOTIFY.
        if (result.Activated)
            await activeContract.RefreshAsync(context.CancellationToken);
        return new SignContractResponse
        {
            Contract = ContractMapping.ToInfo(result.Contract, activeContract.Current.Version),
            Activated = result.Activated,
        };
    }

    public async Task<ContractHistoryResponse> History(ContractHistoryRequest request, ServerCallContext context)
    {
        if (request.Limit < 0)
            RpcExceptions.ThrowInvalidArgument([new FieldViolation("limit", "limit must be 0 (all) or more")]);
        var records = await store.HistoryAsync(request.Limit, context.CancellationToken);
        var active = records.FirstOrDefault(r => r.IsActive)?.Version ?? activeContract.Current.Version;
        var response = new ContractHistoryResponse();
        response.Versions.AddRange(records.Select(r => ContractMapping.ToInfo(r, active, includeYaml: !request.OmitYaml)));
        return response;
    }

    public async Task<DiffContractsResponse> Diff(DiffContractsRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        if (request.FromVersion <= 0)
            violations.Add(new("from_version", "from_version must be a contract version (1 or more)"));
        if (request.ToVersion <= 0)
            violations.Add(new("to_version", "to_version must be a contract version (1 or more)"));
        RpcExceptions.ThrowIfAny(violations);
        var from = await activeContract.GetVersionAsync(request.FromVersion, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"contract version {request.FromVersion} does not exist"));
        var to = await activeContract.GetVersionAsync(request.ToVersion, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"contract version {request.ToVersion} does not exist"));
        var response = new DiffContractsResponse { FromVersion = request.FromVersion, ToVersion = request.ToVersion };
        // Both documents carry their own version number, which is not a change of terms.
        response.Changes.AddRange(ContractDiff.Compare(from, to with { Version = from.Version }).Select(ContractMapping.ToChange));
        return response;
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
