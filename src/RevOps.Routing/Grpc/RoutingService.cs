using System.Diagnostics.CodeAnalysis;
using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.Routing.Domain;
using FieldViolation = RevOps.Grpc.FieldViolation;
using static RevOps.Routing.Grpc.Internal.RoutingMapping;

namespace RevOps.Routing.Grpc;

/// <summary>revops.v1.Routing: reps and availability, assignments, explanations, previews and manual reassignment.</summary>
public sealed class RoutingService(AssignmentStore store, Router router)
{
    public async Task<RoutingRep> UpsertRep(UpsertRepRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var rep = ToRep(request.Rep, "rep", violations);
        RpcExceptions.ThrowIfAny(violations);
        try
        {
            await store.UpsertRepAsync(rep!, context.CancellationToken);
        }
        catch (ArgumentException e) when (e.Message.Contains("does not exist", StringComparison.Ordinal))
        {
            throw RpcExceptions.InvalidArgument(("rep.team_id", $"team '{rep!.TeamId}' does not exist"));
        }
        await store.SetOutOfOfficeAsync(rep!.Id, rep.OutOfOffice, context.CancellationToken);
        return ToProto(rep);
    }

    public async Task<RoutingRep> SetAvailability(SetAvailabilityRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        Required(request.RepId, "rep_id", violations);
        var hours = ToWorkingHours(request.WorkingHours, "working_hours", violations);
        var windows = ToWindows(request.OutOfOffice, "out_of_office", violations);
        RpcExceptions.ThrowIfAny(violations);

        var current = await store.FindRepAsync(request.RepId, context.CancellationToken) ?? ThrowNotFound<Rep>($"Rep '{request.RepId}' does not exist.");
        var updated = current with { Active = request.Active, WorkingHours = hours, OutOfOffice = windows };
        await store.UpsertRepAsync(updated, context.CancellationToken);
        await store.SetOutOfOfficeAsync(updated.Id, windows, context.CancellationToken);
        return ToProto(updated);
    }

    public async Task<ListTeamsResponse> ListTeams(ListTeamsRequest request, ServerCallContext context)
    {
        var teams = await store.ListTeamsAsync(context.CancellationToken);
        return new ListTeamsResponse { Teams = { teams.Select(t => new RoutingTeam { Id = t.Id, Name = t.Name ?? "", FallbackQueue = t.FallbackQueue }) } };
    }

    public async Task<ListAssignmentsResponse> ListAssignments(ListAssignmentsRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        if (request.Limit is < 0 or > 10_000)
            violations.Add(new("limit", $"is {request.Limit}; it must be between 1 and 10000 (0 for the default of 100)"));
        var from = request.From?.ToDateTimeOffset();
        var to = request.To?.ToDateTimeOffset();
        if (from >= to)
            violations.Add(new("to", "must be after from"));
        RpcExceptions.ThrowIfAny(violations);

        var assignments = await store.ListAssignmentsAsync(new AssignmentQuery
        {
            RepId = string.IsNullOrEmpty(request.RepId) ? null : request.RepId,
            TeamId = string.IsNullOrEmpty(request.TeamId) ? null : request.TeamId,
            From = from,
            To = to,
            OpenOnly = request.OpenOnly,
            Limit = request.Limit == 0 ? 100 : request.Limit,
        }, context.CancellationToken);
        return new ListAssignmentsResponse { Assignments = { assignments.Select(ToProto) } };
    }

    public async Task<ExplainAssignmentResponse> ExplainAssignment(ExplainAssignmentRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var leadId = ToLeadId(request.LeadId, "lead_id", violations);
        RpcExceptions.ThrowIfAny(violations);
        var decisions = await store.ExplainAsync(leadId, context.CancellationToken);
        if (decisions.Count == 0)
            ThrowNotFound<object>($"Routing has no decision for lead {leadId}.");
        return new ExplainAssignmentResponse { Decisions = { decisions.Select(ToProto) } };
    }

    public async Task<Contracts.V1.RoutingDecision> Preview(PreviewRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var lead = ToLead(request.Lead, "lead", violations);
        RpcExceptions.ThrowIfAny(violations);
        return ToProto(await router.PreviewAsync(lead!, context.CancellationToken));
    }

    public async Task<Contracts.V1.RoutingDecision> Reassign(ReassignRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var leadId = ToLeadId(request.LeadId, "lead_id", violations);
        Required(request.Reason, "reason", violations);
        RpcExceptions.ThrowIfAny(violations);
        var result = await router.ReassignAsync(leadId, $"manual:{request.Reason.Trim()}", context.CancellationToken)
            ?? ThrowNotFound<RouteResult>($"Routing never assigned lead {leadId}.");
        return ToProto(result.Decision);
    }

    [DoesNotReturn]
    private static T ThrowNotFound<T>(string detail) => throw new RpcException(new Status(StatusCode.NotFound, detail));
}
