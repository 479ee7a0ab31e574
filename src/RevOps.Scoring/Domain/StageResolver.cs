using RevOps.Contracts.Events;
using RevOps.RevenueContract;

namespace RevOps.Scoring.Domain;

/// <summary>The lifecycle stage a lead is in: the last stage, in contract order, whose entry rule holds.</summary>
public static class StageResolver
{
    public static LifecycleStage Determine(ContractDocument contract, LeadProgress progress, LeadScore? score = null)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(progress);
        var current = contract.Lifecycle[0];
        foreach (var stage in contract.Lifecycle)
        {
            if (Holds(stage, progress, score))
                current = stage;
        }
        return current;
    }

    /// <summary>Whether the stage's entry rule holds for the lead (the score only matters for score_threshold).</summary>
    public static bool Holds(LifecycleStage stage, LeadProgress progress, LeadScore? score = null) => stage.Entry switch
    {
        StageEntry.Captured => true,
        StageEntry.ScoreThreshold => progress.Qualified || score?.MeetsThreshold == true,
        StageEntry.Accepted => progress.Accepted,
        StageEntry.Opportunity => progress.Outcome is not null
            && (stage.OpportunityStages.Count == 0
                || progress.OpportunityStages.Any(s => stage.OpportunityStages.Contains(s, StringComparer.OrdinalIgnoreCase))),
        StageEntry.Won => progress.Outcome == OpportunityOutcome.Won,
        StageEntry.Lost => progress.Outcome == OpportunityOutcome.Lost,
        _ => false,
    };
}
