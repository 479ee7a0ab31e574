namespace RevOps.Routing.Domain;

/// <summary>Where a lead goes: the team, the rule that sent it there (null when the default team caught it), and the reps the rule excludes.</summary>
public sealed record RuleMatch(string TeamId, string? RuleId, IReadOnlySet<string> ExcludedRepIds)
{
    public bool IsDefault => RuleId is null;
}
