namespace RevOps.RevenueContract;

/// <summary>The result of a <see cref="FieldCondition"/>: matched or not, and a sentence a person can read.</summary>
public readonly record struct ConditionOutcome(bool Matched, string Why);
