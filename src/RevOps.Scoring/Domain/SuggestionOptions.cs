namespace RevOps.Scoring.Domain;

/// <summary>When the feedback loop proposes a point change.</summary>
public sealed record SuggestionOptions
{
    /// <summary>A criterion needs this many dispositioned leads before its rates are trusted.</summary>
    public int MinSample { get; init; } = 20;

    /// <summary>Reject reasons that say the scoring was wrong about fit; those the contract does not declare are ignored.</summary>
    public IReadOnlyList<string> FitRejectionReasons { get; init; } = ["no_fit", "bad_fit"];

    /// <summary>Scale a criterion's points down when its fit-rejection rate is at least this multiple of the average...</summary>
    public double FitRejectionRatio { get; init; } = 2.0;

    /// <summary>...and at least this rate, so a tiny average does not trigger it.</summary>
    public double MinFitRejectionRate { get; init; } = 0.2;

    /// <summary>Raise a criterion's points by a quarter when its conversion rate is at least this multiple of the average.</summary>
    public double ConversionRatio { get; init; } = 1.5;

    /// <summary>Cut a criterion's points by a quarter when its acceptance rate is at most this share of the average.</summary>
    public double LowAcceptanceRatio { get; init; } = 0.5;
}
