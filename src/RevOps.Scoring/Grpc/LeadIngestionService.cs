using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.Scoring.Contracts;
using RevOps.Scoring.Data;
using RevOps.Scoring.Domain;
using RevOps.Scoring.Grpc.Internal;
using FieldViolation = RevOps.Grpc.FieldViolation;

namespace RevOps.Scoring.Grpc;

/// <summary>revops.v1.LeadIngestion: validate against the active contract, then one transaction per request (or per batch of leads).</summary>
internal sealed class LeadIngestionService(LeadStore leads, LeadBatcher batcher, ActiveContract activeContract, FeedbackStore feedback, ContractStore contracts)
{
    /// <summary>Leads written per transaction by SubmitLeads: big enough to amortise round trips, small enough to keep locks short.</summary>
    private const int StreamChunkSize = 200;

    private const int MaxIdempotencyKeyLength = 200;

    public async Task<SubmitLeadResponse> SubmitLead(SubmitLeadRequest request, ServerCallContext context)
    {
        var contract = activeContract.Current;
        var (pending, violations) = Prepare(0, request, contract, DateTimeOffset.UtcNow);
        ThrowIfAny(violations);
        var outcome = await batcher.SubmitAsync(pending!);
        ThrowIfAny(outcome.Violations);
        return outcome.Response!;
    }

    public async Task<SubmitLeadsResponse> SubmitLeads(IAsyncStreamReader<SubmitLeadRequest> requestStream, ServerCallContext context)
    {
        var invalid = new List<LeadResult>();
        var written = new List<LeadResult>();
        var chunk = new List<LeadRequest>();
        // One chunk is written while the next one is read: the stream and the database work at the same time.
        var writing = Task.CompletedTask;
        var index = 0;
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var (pending, violations) = Prepare(index, requestStream.Current, activeContract.Current, DateTimeOffset.UtcNow);
            if (pending is null)
                invalid.Add(Failed(index, violations));
            else
                chunk.Add(pending);
            index++;
            if (chunk.Count >= StreamChunkSize)
            {
                await writing;
                writing = WriteChunkAsync(chunk, written, context.CancellationToken);
                chunk = [];
            }
        }
        await writing;
        await WriteChunkAsync(chunk, written, context.CancellationToken);

        var response = new SubmitLeadsResponse();
        response.Results.AddRange(invalid.Concat(written).OrderBy(r => r.Index));
        response.Succeeded = written.Count(r => r.OutcomeCase == LeadResult.OutcomeOneofCase.Lead);
        response.Failed = response.Results.Count - response.Succeeded;
        return response;
    }

    public async Task<RecordActivityResponse> RecordActivity(RecordActivityRequest request, ServerCallContext context)
    {
        var contract = activeContract.Current;
        var activity = LeadMapping.ToSubmission(request);
        var violations = IngestionValidator.ValidateActivity(activity, contract, DateTimeOffset.UtcNow).Concat(CheckKey(request.IdempotencyKey)).ToList();
        ThrowIfAny(violations);
        return await leads.RecordActivityAsync(LeadMapping.Text(request.IdempotencyKey), activity, contract, context.CancellationToken)
            ?? throw LeadNotFound(activity.LeadId ?? activity.Email!);
    }

    public async Task<RecordTouchResponse> RecordTouch(RecordTouchRequest request, ServerCallContext context)
    {
        var touch = LeadMapping.ToSubmission(request);
        ThrowIfAny(IngestionValidator.ValidateTouch(touch, DateTimeOffset.UtcNow).Concat(CheckKey(request.IdempotencyKey)).ToList());
        return await leads.RecordTouchAsync(LeadMapping.Text(request.IdempotencyKey), touch, activeContract.Current, context.CancellationToken)
            ?? throw LeadNotFound(touch.LeadId!);
    }

    public async Task<RecordDispositionResponse> RecordDisposition(RecordDispositionRequest request, ServerCallContext context)
    {
        var contract = activeContract.Current;
        var disposition = LeadMapping.ToSubmission(request);
        ThrowIfAny(IngestionValidator.ValidateDisposition(disposition, contract, DateTimeOffset.UtcNow).Concat(CheckKey(request.IdempotencyKey)).ToList());
        return await leads.RecordDispositionAsync(LeadMapping.Text(request.IdempotencyKey), disposition, contract, context.CancellationToken)
            ?? throw LeadNotFound(disposition.LeadId!);
    }

    public async Task<RecordOpportunityResponse> RecordOpportunity(RecordOpportunityRequest request, ServerCallContext context)
    {
        var opportunity = LeadMapping.ToSubmission(request);
        ThrowIfAny(IngestionValidator.ValidateOpportunity(opportunity, DateTimeOffset.UtcNow).Concat(CheckKey(request.IdempotencyKey)).ToList());
        return await leads.RecordOpportunityAsync(LeadMapping.Text(request.IdempotencyKey), opportunity, activeContract.Current, context.CancellationToken)
            ?? throw LeadNotFound(opportunity.LeadId!);
    }

    public async Task<GetLeadResponse> GetLead(GetLeadRequest request, ServerCallContext context)
    {
        Guid? leadId = null;
        string? email = null;
        switch (request.LeadCase)
        {
            case GetLeadRequest.LeadOneofCase.LeadId when Guid.TryParse(request.LeadId, out var id):
                leadId = id;
                break;
            case GetLeadRequest.LeadOneofCase.LeadId:
                throw RpcExceptions.InvalidArgument(("lead_id", $"lead_id '{request.LeadId}' is not a lead id (a UUID returned by SubmitLead)"));
            case GetLeadRequest.LeadOneofCase.Email when EmailAddress.IsValid(request.Email):
                email = EmailAddress.Normalize(request.Email);
                break;
            case GetLeadRequest.LeadOneofCase.Email:
                throw RpcExceptions.InvalidArgument(("email", $"'{request.Email}' is not a valid email address"));
            default:
                throw RpcExceptions.InvalidArgument(("lead_id", "lead_id or email is required"));
        }
        var view = await leads.GetAsync(leadId, email, context.CancellationToken)
            ?? throw LeadNotFound(request.LeadId.Length > 0 ? request.LeadId : request.Email);

        var contract = activeContract.Current;
        var lead = view.Lead;
        // The current breakdown: behaviour points decay with time, so it is recomputed now against the active contract.
        var score = LeadScorer.Score(contract, lead.ToAttributes(contract, view.History.FirstSource, view.History.FirstCampaign), view.History.Activities, DateTimeOffset.UtcNow);
        var response = new GetLeadResponse
        {
            LeadId = lead.Id.ToString(),
            Email = lead.Email,
            Attributes = ToInput(lead, view),
            Stage = lead.Stage,
            Score = LeadMapping.ToBreakdown(score),
            OwnerRepId = lead.OwnerRepId ?? "",
            TeamId = lead.TeamId ?? "",
        };
        response.Sources.AddRange(view.Sources);
        response.Timeline.AddRange(view.Timeline);
        return response;
    }

    /// <summary>
    /// Per-criterion acceptance, conversion and fit-rejection rates of dispositioned leads against the average, the point
    /// changes they suggest, and with propose the changed contract stored as a new unsigned version (both sides must sign).
    /// </summary>
    public async Task<SuggestAdjustmentsResponse> SuggestAdjustments(SuggestAdjustmentsRequest request, ServerCallContext context)
    {
        var now = DateTimeOffset.UtcNow;
        var since = request.Since?.ToDateTimeOffset();
        var violations = new List<FieldViolation>();
        if (request.MinSample < 0)
            violations.Add(new("min_sample", $"min_sample must be 0 (the server default of {new SuggestionOptions().MinSample}) or more (got {request.MinSample})"));
        if (since > now + IngestionValidator.MaxClockSkew)
            violations.Add(new("since", $"since {IngestionValidator.Format(since.Value)} is in the future (server time {IngestionValidator.Format(now)}): no disposition has happened yet"));
        if (request.Propose && string.IsNullOrWhiteSpace(request.ProposedBy))
            violations.Add(new("proposed_by", "proposed_by is required with propose: name who proposes the new contract version"));
        RpcExceptions.ThrowIfAny(violations);

        var contract = activeContract.Current;
        var dispositioned = await feedback.DispositionedLeadsAsync(since, contract, context.CancellationToken);
        var options = request.MinSample > 0 ? new SuggestionOptions { MinSample = request.MinSample } : new SuggestionOptions();
        var proposal = AdjustmentAdvisor.Suggest(contract, dispositioned, options);
        if (proposal.Problems.Count > 0)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"the suggested point changes would make contract v{contract.Version} invalid: {string.Join("; ", proposal.Problems.Select(p => $"{p.Path}: {p.Message}"))}"));
        }
        var response = AdjustmentMapping.ToResponse(proposal);
        if (request.Propose && proposal.Proposed is { } proposed)
        {
            var changes = string.Join("; ", proposal.Changes.Select(c => $"{c.CriterionId} {c.OldPoints} -> {c.NewPoints}"));
            var record = await contracts.ProposeAsync(proposed, request.ProposedBy.Trim(),
                $"SuggestAdjustments from {proposal.Dispositioned} dispositioned leads{(since is { } from ? $" since {IngestionValidator.Format(from)}" : "")}: {changes}",
                context.CancellationToken);
            response.ProposedVersion = record.Version;
            // The stored document carries the version number the store gave it.
            response.ProposedYaml = record.Yaml;
        }
        return response;
    }

    private async Task WriteChunkAsync(List<LeadRequest> chunk, List<LeadResult> results, CancellationToken cancellationToken)
    {
        if (chunk.Count == 0)
            return;
        var outcomes = await leads.SubmitAsync(chunk, activeContract.Current, cancellationToken);
        foreach (var (index, outcome) in outcomes)
            results.Add(outcome.Response is { } response ? new LeadResult { Index = index, Lead = response } : Failed(index, outcome.Violations));
    }

    private static (LeadRequest? Pending, IReadOnlyList<Violation> Violations) Prepare(int index, SubmitLeadRequest request, RevenueContract.ContractDocument contract, DateTimeOffset now)
    {
        if (request.Lead is null)
            return (null, [new Violation("lead", "lead is required")]);
        var submission = LeadMapping.ToSubmission(request.Lead);
        var violations = IngestionValidator.ValidateLead(submission, contract, now).Concat(CheckKey(request.IdempotencyKey)).ToList();
        if (violations.Count > 0)
            return (null, violations);
        return (new LeadRequest(index, LeadMapping.Text(request.IdempotencyKey), submission, EmailAddress.Normalize(submission.Email!)), []);
    }

    private static IEnumerable<Violation> CheckKey(string key)
    {
        if (key.Length > MaxIdempotencyKeyLength)
            yield return new Violation("idempotency_key", $"idempotency_key must be at most {MaxIdempotencyKeyLength} characters (got {key.Length})");
    }

    private static LeadResult Failed(int index, IReadOnlyList<Violation> violations)
    {
        var error = new LeadError
        {
            Code = "INVALID_ARGUMENT",
            Message = string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")),
        };
        error.Violations.AddRange(violations.Select(v => new RevOps.Contracts.V1.FieldViolation { Field = v.Field, Description = v.Description }));
        return new LeadResult { Index = index, Error = error };
    }

    private static LeadInput ToInput(LeadRow lead, LeadView view)
    {
        var input = new LeadInput
        {
            Email = lead.RawEmail,
            FirstName = lead.FirstName ?? "",
            LastName = lead.LastName ?? "",
            JobTitle = lead.JobTitle ?? "",
            Company = lead.Company ?? "",
            Country = lead.Country ?? "",
            Region = lead.Region ?? "",
            Industry = lead.Industry ?? "",
            Source = view.History.FirstSource ?? "",
            Campaign = view.History.FirstCampaign ?? "",
            CapturedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(lead.CreatedAt),
        };
        if (lead.AnnualRevenue is { } arr)
            input.AnnualRevenue = LeadMapping.ToMoney(arr, lead.AnnualRevenueCurrency ?? "USD");
        if (lead.EmployeeCount is { } employees)
            input.EmployeeCount = employees;
        if (lead.DecisionTimelineDays is { } days)
            input.DecisionTimelineDays = days;
        if (lead.BudgetAuthority is { } budget)
            input.BudgetAuthority = budget;
        foreach (var (name, value) in lead.CustomFields)
            input.CustomFields[name] = value;
        return input;
    }

    private static void ThrowIfAny(IReadOnlyList<Violation> violations)
    {
        if (violations.Count > 0)
            RpcExceptions.ThrowInvalidArgument(violations.Select(v => new FieldViolation(v.Field, v.Description)));
    }

    private static RpcException LeadNotFound(string lead) =>
        new(new Status(StatusCode.NotFound, $"no lead '{lead}': submit it with SubmitLead first"));
}
