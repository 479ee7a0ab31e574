namespace RevOps.Scoring.Domain;

/// <summary>A field a caller must fix: its path as the API names it (e.g. "lead.email") and what is wrong.</summary>
public sealed record Violation(string Field, string Description);
