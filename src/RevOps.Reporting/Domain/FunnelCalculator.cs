using RevOps.Reporting.Domain.Internal;

namespace RevOps.Reporting.Domain;

/// <summary>
/// The funnel of the leads captured in a period. A lead has reached a stage when that stage or any later one has a
/// time (a missing event must not make a won deal vanish from earlier stages). The biggest drop-off is the step with
/// the lowest conversion; ties go to the earlier step (counts only fall, so it also loses more leads).
/// </summary>
public static class FunnelCalculator
{
    private static readonly FunnelStage[] Stages = Enum.GetValues<FunnelStage>();

    public static FunnelReport Compute(IEnumerable<LeadFact> leads, ReportPeriod period, LeadFilter filter)
    {
        ArgumentNullException.ThrowIfNull(leads);
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(filter);

        var counts = new long[Stages.Length];
        foreach (var lead in leads)
        {
            if (!period.Contains(lead.CapturedAt) || !filter.Matches(lead))
                continue;
            var furthest = FurthestStage(lead);
            for (var i = 0; i <= furthest; i++)
                counts[i]++;
        }
        return Compute(counts, period);
    }

    /// <summary>The funnel from how many leads reached each stage, in <see cref="FunnelStage"/> order (e.g. counted by <see cref="FactColumns.FunnelCounts"/>).</summary>
    public static FunnelReport Compute(IReadOnlyList<long> counts, ReportPeriod period)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(period);
        if (counts.Count != Stages.Length)
            throw new ArgumentException($"A funnel has {Stages.Length} stages; got {counts.Count} counts.", nameof(counts));

        var stages = new List<FunnelStageCount>(Stages.Length);
        FunnelDropOff? biggest = null;
        for (var i = 0; i < Stages.Length; i++)
        {
            var conversion = i == 0 ? null : Stats.Rate(counts[i], counts[i - 1]);
            stages.Add(new FunnelStageCount(Stages[i], counts[i], conversion));
            if (conversion is not { } rate)
                continue;
            var lost = counts[i - 1] - counts[i];
            if (biggest is null || rate < biggest.Conversion)
                biggest = new FunnelDropOff(Stages[i - 1], Stages[i], lost, rate);
        }
        // A funnel that loses nobody has no drop-off to name.
        return new FunnelReport(period, stages, biggest is { Lost: > 0 } ? biggest : null);
    }

    private static int FurthestStage(LeadFact lead)
    {
        for (var i = Stages.Length - 1; i >= 0; i--)
            if (lead.TimeOf(Stages[i]) is not null)
                return i;
        return -1;
    }
}
