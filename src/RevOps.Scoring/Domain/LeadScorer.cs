using System.Globalization;
using RevOps.RevenueContract;

namespace RevOps.Scoring.Domain;

/// <summary>Scores a lead against a contract: fit criteria on its attributes plus decayed behaviour signals, each explained.</summary>
public static class LeadScorer
{
    public static LeadScore Score(ContractDocument contract, LeadAttributes lead, IReadOnlyCollection<ActivityFact> activities, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(activities);

        var contributions = new List<Contribution>();
        var icpCriteria = 0;
        var icpMatched = 0;
        foreach (var criterion in contract.Scoring.FitCriteria)
        {
            var outcome = criterion.When.Evaluate(lead);
            contributions.Add(new Contribution(criterion.Id, criterion.Label, ContributionKind.Fit,
                outcome.Matched ? criterion.Points : 0, criterion.Points, outcome.Matched, outcome.Why));
            if (criterion.Icp)
            {
                icpCriteria++;
                icpMatched += outcome.Matched ? 1 : 0;
            }
        }

        var halfLife = contract.Scoring.Behaviour.HalfLifeDays;
        foreach (var signal in contract.Scoring.Behaviour.Signals)
            contributions.Add(ScoreSignal(signal, activities, now, halfLife));

        return new LeadScore
        {
            ContractVersion = contract.Version,
            FitScore = contributions.Where(c => c.Kind == ContributionKind.Fit).Sum(c => c.Points),
            BehaviourScore = contributions.Where(c => c.Kind == ContributionKind.Behaviour).Sum(c => c.Points),
            MqlThreshold = contract.Scoring.MqlThreshold,
            IcpFit = icpCriteria > 0 && icpMatched == icpCriteria,
            Contributions = contributions,
            ScoredAt = now,
        };
    }

    /// <summary>
    /// A signal counts once the lead has MinCount matching activities; its points decay from the time the most recent
    /// MinCount of them were complete (the MinCount-th most recent), so old bursts fade even if one recent activity joins them.
    /// </summary>
    private static Contribution ScoreSignal(BehaviourSignal signal, IReadOnlyCollection<ActivityFact> activities, DateTimeOffset now, double halfLifeDays)
    {
        var matching = activities.Where(a => signal.Matches(a.ActivityType, a.Detail)).OrderByDescending(a => a.OccurredAt).ToList();
        var what = signal.DetailContains is null ? signal.Activity : $"{signal.Activity} with '{signal.DetailContains}'";
        if (matching.Count < signal.MinCount)
        {
            var why = matching.Count == 0
                ? $"no {what} activity"
                : $"{matching.Count} {what} activit{(matching.Count == 1 ? "y" : "ies")}, {signal.MinCount} needed";
            return new Contribution(signal.Id, signal.Label, ContributionKind.Behaviour, 0, signal.Points, false, why);
        }

        var earnedAt = matching[signal.MinCount - 1].OccurredAt;
        var age = now - earnedAt;
        var points = BehaviourDecay.Apply(signal.Points, age, halfLifeDays);
        var ageDays = Math.Max(0, age.TotalDays).ToString("0.#", CultureInfo.InvariantCulture);
        var factor = BehaviourDecay.Factor(age, halfLifeDays).ToString("0.00", CultureInfo.InvariantCulture);
        var counted = signal.MinCount == 1
            ? $"{what} {ageDays} days ago"
            : $"{matching.Count} {what} activities, the {Ordinal(signal.MinCount)} most recent {ageDays} days ago";
        return new Contribution(signal.Id, signal.Label, ContributionKind.Behaviour, points, signal.Points, true,
            $"{counted}: {signal.Points} x {factor} (half-life {halfLifeDays.ToString("0.#", CultureInfo.InvariantCulture)} days) = {points}");
    }

    private static string Ordinal(int n) => (n % 100) switch
    {
        11 or 12 or 13 => $"{n}th",
        _ => (n % 10) switch { 1 => $"{n}st", 2 => $"{n}nd", 3 => $"{n}rd", _ => $"{n}th" },
    };
}
