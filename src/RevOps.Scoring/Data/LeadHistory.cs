using RevOps.Contracts.Events;
using RevOps.Scoring.Domain;

namespace RevOps.Scoring.Data;

/// <summary>What scoring and the stage rules need from a lead's past: its activities, qualifications, dispositions, opportunities and first source.</summary>
internal sealed record LeadHistory
{
    public static readonly LeadHistory Empty = new();

    public List<ActivityFact> Activities { get; init; } = [];
    public HashSet<int> QualifiedVersions { get; init; } = [];
    public bool Accepted { get; set; }
    public List<string> OpportunityStages { get; init; } = [];
    public OpportunityOutcome? Outcome { get; set; }
    public string? FirstSource { get; set; }
    public string? FirstCampaign { get; set; }

    public LeadProgress ToProgress() => new()
    {
        Qualified = QualifiedVersions.Count > 0,
        Accepted = Accepted,
        OpportunityStages = OpportunityStages,
        Outcome = Outcome,
    };
}
