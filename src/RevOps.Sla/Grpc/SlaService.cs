using Google.Protobuf.WellKnownTypes;
using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.Sla.Data;
using RevOps.Sla.Domain;
using Breach = RevOps.Sla.Domain.Breach;
using FieldViolation = RevOps.Grpc.FieldViolation;
using SlaClock = RevOps.Sla.Domain.SlaClock;

namespace RevOps.Sla.Grpc;

/// <summary>revops.v1.Sla: a lead's clocks, breach listings and breach annotations.</summary>
public sealed class SlaService(ClockStore store, TimeProvider time)
{
    public const int MaxListLimit = 1000;

    public async Task<GetClocksResponse> GetClocks(GetClocksRequest request, ServerCallContext context)
    {
        var leadId = ParseId(request.LeadId, "lead_id");
        var clocks = await store.GetClocksAsync(leadId, context.CancellationToken);
        return new GetClocksResponse { Clocks = { clocks.Select(ToMessage) } };
    }

    public async Task<ListBreachesResponse> ListBreaches(ListBreachesRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        if (request.Limit is < 0 or > MaxListLimit)
            violations.Add(new("limit", $"must be between 1 and {MaxListLimit} (0 means 100), got {request.Limit}"));
        if (request.HasOwnerRepId && string.IsNullOrWhiteSpace(request.OwnerRepId))
            violations.Add(new("owner_rep_id", "must not be blank when set"));
        if (request.HasTeamId && string.IsNullOrWhiteSpace(request.TeamId))
            violations.Add(new("team_id", "must not be blank when set"));
        if (request.HasClauseId && string.IsNullOrWhiteSpace(request.ClauseId))
            violations.Add(new("clause_id", "must not be blank when set"));
        var from = request.From?.ToDateTimeOffset();
        var to = request.To?.ToDateTimeOffset();
        if (from is { } f && to is { } t && t < f)
            violations.Add(new("to", $"ends ({t:O}) before from ({f:O})"));
        RpcExceptions.ThrowIfAny(violations);

        var breaches = await store.ListBreachesAsync(new BreachQuery
        {
            OwnerRepId = request.HasOwnerRepId ? request.OwnerRepId : null,
            TeamId = request.HasTeamId ? request.TeamId : null,
            ClauseId = request.HasClauseId ? request.ClauseId : null,
            From = from,
            To = to,
            OnlyFlagged = request.OnlyFlagged,
            Limit = request.Limit == 0 ? 100 : request.Limit,
        }, context.CancellationToken);
        return new ListBreachesResponse { Breaches = { breaches.Select(ToMessage) } };
    }

    public async Task<SlaBreach> AnnotateBreach(AnnotateBreachRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        if (!Guid.TryParse(request.BreachId, out var breachId))
            violations.Add(new("breach_id", $"must be a UUID, got '{request.BreachId}'"));
        if (string.IsNullOrWhiteSpace(request.Reason))
            violations.Add(new("reason", "is required"));
        else if (request.Reason.Length > 2000)
            violations.Add(new("reason", "must be at most 2000 characters"));
        if (string.IsNullOrWhiteSpace(request.AnnotatedBy))
            violations.Add(new("annotated_by", "is required"));
        RpcExceptions.ThrowIfAny(violations);

        var breach = await store.AnnotateBreachAsync(breachId, request.Reason, request.AnnotatedBy, time.GetUtcNow(), context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"No breach {breachId}."));
        return ToMessage(breach);
    }

    private static Guid ParseId(string value, string field) => Guid.TryParse(value, out var id)
        ? id
        : throw RpcExceptions.InvalidArgument((field, $"must be a UUID, got '{value}'"));

    private static Contracts.V1.SlaClock ToMessage(SlaClock clock) => new()
    {
        ClockId = clock.Id.ToString(),
        LeadId = clock.LeadId.ToString(),
        AssignmentId = clock.AssignmentId.ToString(),
        OwnerRepId = clock.OwnerRepId ?? "",
        TeamId = clock.TeamId,
        ClauseId = clock.ClauseId,
        ContractVersion = clock.ContractVersion,
        StartedAt = Timestamp.FromDateTimeOffset(clock.StartedAt),
        DueAt = Timestamp.FromDateTimeOffset(clock.DueAt),
        State = clock.State switch
        {
            ClockState.Running => SlaClockState.Running,
            ClockState.Met => SlaClockState.Met,
            ClockState.Breached => SlaClockState.Breached,
            ClockState.Stopped => SlaClockState.Stopped,
            _ => SlaClockState.Unspecified,
        },
        EndedAt = (clock.MetAt ?? clock.BreachedAt ?? clock.StoppedAt) is { } ended ? Timestamp.FromDateTimeOffset(ended) : null,
        TouchCount = clock.TouchCount,
        TouchesRequired = clock.TouchesRequired,
    };

    private static SlaBreach ToMessage(Breach breach) => new()
    {
        BreachId = breach.Id.ToString(),
        ClockId = breach.ClockId.ToString(),
        LeadId = breach.LeadId.ToString(),
        OwnerRepId = breach.OwnerRepId ?? "",
        TeamId = breach.TeamId,
        ClauseId = breach.ClauseId,
        ContractVersion = breach.ContractVersion,
        DueAt = Timestamp.FromDateTimeOffset(breach.DueAt),
        BreachedAt = Timestamp.FromDateTimeOffset(breach.BreachedAt),
        Lateness = Duration.FromTimeSpan(breach.Lateness),
        BreachNumber = breach.BreachNumber,
        Reason = breach.Reason ?? "",
        AnnotatedBy = breach.AnnotatedBy ?? "",
        AnnotatedAt = breach.AnnotatedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
        Flagged = breach.IsFlagged,
    };
}
