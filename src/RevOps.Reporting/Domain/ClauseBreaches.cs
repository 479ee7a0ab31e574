namespace RevOps.Reporting.Domain;

public sealed record ClauseBreaches(string ClauseId, long Count, long Unannotated);
