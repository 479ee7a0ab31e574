namespace RevOps.RevenueContract;

/// <summary>A lead field's value as text, and as a number or flag when it reads as one.</summary>
public sealed record LeadFieldValue(string Text, decimal? Number, bool? Flag);
