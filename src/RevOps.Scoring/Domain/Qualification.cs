namespace RevOps.Scoring.Domain;

/// <summary>The "qualifies once per lead per contract version" rule; the qualifications table's key enforces it under concurrency.</summary>
public static class Qualification
{
    /// <summary>True when this score should publish LeadQualified: it meets the threshold and the lead has not qualified under this version.</summary>
    public static bool ShouldQualify(LeadScore score, IReadOnlyCollection<int> versionsAlreadyQualified)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(versionsAlreadyQualified);
        return score.MeetsThreshold && !versionsAlreadyQualified.Contains(score.ContractVersion);
    }
}
