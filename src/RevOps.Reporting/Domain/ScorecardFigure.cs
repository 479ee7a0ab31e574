namespace RevOps.Reporting.Domain;

/// <summary>One scorecard number with its target and whether the target was met.</summary>
public sealed record ScorecardFigure
{
    public required string Key { get; init; }
    public required string Label { get; init; }

    /// <summary>Null when the period holds nothing to compute it from.</summary>
    public decimal? Value { get; init; }

    public required FigureUnit Unit { get; init; }
    public decimal? Target { get; init; }
    public TargetComparison? Comparison { get; init; }
    public required FigureStatus Status { get; init; }

    /// <summary>How many leads, breaches or deals the figure was computed from.</summary>
    public required long SampleSize { get; init; }

    /// <summary>For money figures.</summary>
    public string? Currency { get; init; }

    /// <summary>Judges <paramref name="value"/> against <paramref name="target"/> (prorated to <paramref name="period"/>).</summary>
    public static ScorecardFigure Judge(
        string key, string label, decimal? value, FigureUnit unit, long sampleSize, FigureTarget? target, ReportPeriod period,
        string? currency = null)
    {
        var targetValue = target?.For(period);
        var status = (value, target) switch
        {
            (null, _) => FigureStatus.NoData,
            (_, null) => FigureStatus.NoTarget,
            var (v, t) => FigureTarget.IsMet(v.Value, targetValue!.Value, t.Comparison) ? FigureStatus.Met : FigureStatus.Missed,
        };
        return new ScorecardFigure
        {
            Key = key,
            Label = label,
            Value = value,
            Unit = unit,
            Target = targetValue,
            Comparison = target?.Comparison,
            Status = status,
            SampleSize = sampleSize,
            Currency = currency,
        };
    }
}
