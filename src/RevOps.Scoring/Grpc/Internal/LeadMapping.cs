using Google.Protobuf.WellKnownTypes;
using RevOps.Contracts.V1;
using RevOps.Scoring.Domain;
using OpportunityOutcome = RevOps.Contracts.Events.OpportunityOutcome;

namespace RevOps.Scoring.Grpc.Internal;

/// <summary>Hand-written mapping between revops.v1 ingestion messages and the scoring domain.</summary>
internal static class LeadMapping
{
    public static LeadSubmission ToSubmission(LeadInput input) => new()
    {
        Email = Text(input.Email),
        FirstName = Text(input.FirstName),
        LastName = Text(input.LastName),
        JobTitle = Text(input.JobTitle),
        Company = Text(input.Company),
        Country = Text(input.Country),
        Region = Text(input.Region),
        Industry = Text(input.Industry),
        AnnualRevenue = input.AnnualRevenue is { } money ? ToDecimal(money) : null,
        AnnualRevenueCurrency = input.AnnualRevenue is { } m ? Text(m.CurrencyCode) : null,
        EmployeeCount = input.HasEmployeeCount ? input.EmployeeCount : null,
        DecisionTimelineDays = input.HasDecisionTimelineDays ? input.DecisionTimelineDays : null,
        BudgetAuthority = input.HasBudgetAuthority ? input.BudgetAuthority : null,
        Source = Text(input.Source),
        ExternalId = Text(input.ExternalId),
        Campaign = Text(input.Campaign),
        CustomFields = new Dictionary<string, string>(input.CustomFields),
        CapturedAt = input.CapturedAt?.ToDateTimeOffset(),
    };

    public static ActivitySubmission ToSubmission(RecordActivityRequest request) => new()
    {
        LeadId = request.LeadCase == RecordActivityRequest.LeadOneofCase.LeadId ? Text(request.LeadId) : null,
        Email = request.LeadCase == RecordActivityRequest.LeadOneofCase.Email ? Text(request.Email) : null,
        ActivityType = Text(request.ActivityType),
        OccurredAt = request.OccurredAt?.ToDateTimeOffset(),
        Detail = Text(request.Detail),
        Source = Text(request.Source),
        ExternalId = Text(request.ExternalId),
    };

    public static TouchSubmission ToSubmission(RecordTouchRequest request) => new()
    {
        LeadId = Text(request.LeadId),
        RepId = Text(request.RepId),
        Channel = Text(request.Channel),
        OccurredAt = request.OccurredAt?.ToDateTimeOffset(),
        Note = Text(request.Note),
    };

    public static DispositionSubmission ToSubmission(RecordDispositionRequest request) => new()
    {
        LeadId = Text(request.LeadId),
        RepId = Text(request.RepId),
        Decision = request.Disposition switch
        {
            Disposition.Accept => DispositionDecision.Accept,
            Disposition.Reject => DispositionDecision.Reject,
            _ => DispositionDecision.Unspecified,
        },
        ReasonCode = Text(request.ReasonCode),
        Note = Text(request.Note),
        OccurredAt = request.OccurredAt?.ToDateTimeOffset(),
    };

    public static OpportunitySubmission ToSubmission(RecordOpportunityRequest request) => new()
    {
        LeadId = Text(request.LeadId),
        OpportunityId = Text(request.OpportunityId),
        Stage = Text(request.Stage),
        Outcome = request.Status switch
        {
            OpportunityStatus.Open => OpportunityOutcome.Open,
            OpportunityStatus.Won => OpportunityOutcome.Won,
            OpportunityStatus.Lost => OpportunityOutcome.Lost,
            _ => null,
        },
        Amount = request.Amount is { } money ? ToDecimal(money) : null,
        Currency = request.Amount is { } m ? Text(m.CurrencyCode) : null,
        CloseDate = request.CloseDate is { } close ? DateOnly.FromDateTime(close.ToDateTime()) : null,
        OccurredAt = request.OccurredAt?.ToDateTimeOffset(),
    };

    public static ScoreBreakdown ToBreakdown(LeadScore score)
    {
        var breakdown = new ScoreBreakdown
        {
            FitScore = score.FitScore,
            BehaviourScore = score.BehaviourScore,
            TotalScore = score.TotalScore,
            MqlThreshold = score.MqlThreshold,
            IcpFit = score.IcpFit,
            ContractVersion = score.ContractVersion,
            ScoredAt = Timestamp.FromDateTimeOffset(score.ScoredAt),
        };
        breakdown.Contributions.AddRange(score.Contributions.Select(c => new CriterionContribution
        {
            Id = c.CriterionId,
            Label = c.Label,
            Kind = c.Kind == ContributionKind.Fit ? CriterionKind.Fit : CriterionKind.Behaviour,
            Points = c.Points,
            MaxPoints = c.MaxPoints,
            Matched = c.Matched,
            Why = c.Why,
        }));
        return breakdown;
    }

    public static decimal ToDecimal(Money money) => money.Units + money.Nanos / 1_000_000_000m;

    public static Money ToMoney(decimal amount, string currency)
    {
        var units = decimal.Truncate(amount);
        return new Money { CurrencyCode = currency, Units = (long)units, Nanos = (int)((amount - units) * 1_000_000_000m) };
    }

    /// <summary>proto3 sends "" for an unset string; the domain says null.</summary>
    public static string? Text(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
