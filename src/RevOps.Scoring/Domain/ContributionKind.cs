namespace RevOps.Scoring.Domain;

/// <summary>Whether a contribution comes from who the lead is (fit) or what the lead did (behaviour).</summary>
public enum ContributionKind
{
    Fit = 1,
    Behaviour = 2,
}
