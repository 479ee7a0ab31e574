namespace RevOps.Reporting.Domain;

/// <summary>How a scorecard figure moved against the previous week.</summary>
public sealed record ReviewChange(
    string Key, string Label, FigureUnit Unit, decimal Previous, decimal Current, decimal Change, decimal? RelativeChange);
