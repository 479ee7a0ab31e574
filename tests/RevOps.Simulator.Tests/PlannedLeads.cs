using RevOps.Contracts.V1;
using RevOps.RevenueContract;
using RevOps.Simulator.Planning;

namespace RevOps.Simulator.Tests;

/// <summary>A plan's requests grouped per lead, and the lead read the way the contract's criteria read it.</summary>
internal sealed record PlannedLead(int Number, SubmitLeadRequest Submission, IReadOnlyList<PlannedAction> Actions)
{
    public IEnumerable<T> Requests<T>() => Actions.Select(a => a.Request).OfType<T>();

    public bool ReachedMeeting => Requests<RecordTouchRequest>().Any(t => t.Channel == "meeting");
    public bool BecameOpportunity => Requests<RecordOpportunityRequest>().Any();
    public bool Won => Requests<RecordOpportunityRequest>().Any(o => o.Status == OpportunityStatus.Won);
    public bool WorkedBySales => Requests<RecordTouchRequest>().Any();

    public static List<PlannedLead> From(IEnumerable<PlannedAction> actions) =>
        [.. actions.GroupBy(a => a.Lead).Select(g => new PlannedLead(g.Key, (SubmitLeadRequest)g.First().Request, [.. g]))];

    public static LeadAttributes Attributes(ContractDocument contract, LeadInput lead)
    {
        decimal? revenue = lead.AnnualRevenue?.Units;
        return new LeadAttributes
        {
            JobTitle = lead.JobTitle,
            Company = lead.Company,
            Country = lead.Country,
            Region = lead.Region,
            Industry = lead.Industry,
            Source = lead.Source,
            Campaign = lead.Campaign,
            AnnualRevenue = revenue,
            CompanySizeBand = contract.CompanySizeBandFor(revenue)?.Id,
            EmployeeCount = lead.HasEmployeeCount ? lead.EmployeeCount : null,
            DecisionTimelineDays = lead.HasDecisionTimelineDays ? lead.DecisionTimelineDays : null,
            BudgetAuthority = lead.HasBudgetAuthority ? lead.BudgetAuthority : null,
        };
    }

    public bool IsIcp(ContractDocument contract)
    {
        var attributes = Attributes(contract, Submission.Lead);
        return contract.Scoring.FitCriteria.Where(c => c.Icp).All(c => c.When.Evaluate(attributes).Matched);
    }

    /// <summary>Fit plus undecayed behaviour points, by the contract's criteria and signals.</summary>
    public int PlannedScore(ContractDocument contract)
    {
        var attributes = Attributes(contract, Submission.Lead);
        var fit = contract.Scoring.FitCriteria.Where(c => c.When.Evaluate(attributes).Matched).Sum(c => c.Points);
        var activities = Requests<RecordActivityRequest>().ToList();
        var behaviour = contract.Scoring.Behaviour.Signals
            .Where(s => activities.Count(a => s.Matches(a.ActivityType, a.Detail)) >= s.MinCount)
            .Sum(s => s.Points);
        return fit + behaviour;
    }
}
