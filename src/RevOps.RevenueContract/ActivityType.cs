namespace RevOps.RevenueContract;

/// <summary>An activity type an upstream system may record, e.g. "email_opened".</summary>
public sealed record ActivityType(string Id, string Label);
