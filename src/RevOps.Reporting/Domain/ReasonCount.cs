namespace RevOps.Reporting.Domain;

public sealed record ReasonCount(string Reason, long Count, decimal Share);
