using System.Globalization;
using RevOps.RevenueContract;

namespace RevOps.Scoring.Domain;

/// <summary>
/// SuggestAdjustments: compares each criterion's acceptance, conversion and fit-rejection rates with the average over
/// all dispositioned leads and proposes point changes as a new contract version (which still needs both signatures).
/// </summary>
public static class AdjustmentAdvisor
{
    public static AdjustmentProposal Suggest(ContractDocument contract, IReadOnlyCollection<DispositionedLead> leads, SuggestionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(leads);
        options ??= new SuggestionOptions();

        var baseline = Rates(leads, options);
        var criteria = contract.Scoring.FitCriteria.Select(c => (c.Id, c.Label, Kind: ContributionKind.Fit, c.Points))
            .Concat(contract.Scoring.Behaviour.Signals.Select(s => (s.Id, s.Label, Kind: ContributionKind.Behaviour, s.Points)));

        var stats = new List<CriterionPerformance>();
        var changes = new List<PointAdjustment>();
        foreach (var (id, label, kind, points) in criteria)
        {
            var matched = leads.Where(l => l.MatchedCriteria.Contains(id)).ToList();
            var rates = Rates(matched, options);
            stats.Add(new CriterionPerformance(id, label, kind, points, matched.Count, rates.Acceptance, rates.Conversion, rates.FitRejection));
            if (matched.Count >= options.MinSample && points > 0 && Propose(id, points, matched.Count, rates, baseline, options) is { } change)
                changes.Add(change);
        }

        var proposal = new AdjustmentProposal
        {
            BaseVersion = contract.Version,
            Dispositioned = leads.Count,
            BaselineAcceptanceRate = baseline.Acceptance,
            BaselineConversionRate = baseline.Conversion,
            BaselineFitRejectionRate = baseline.FitRejection,
            Criteria = stats,
            Changes = changes,
        };
        if (changes.Count == 0)
            return proposal;

        var yaml = ContractSerializer.ToCanonicalYaml(Apply(contract, changes));
        var loaded = ContractLoader.Parse(yaml);
        return loaded.IsValid
            ? proposal with { Proposed = loaded.Contract, ProposedYaml = yaml }
            : proposal with { Problems = loaded.Errors };
    }

    private static PointAdjustment? Propose(string id, int points, int sample, (double Acceptance, double Conversion, double FitRejection) rates,
        (double Acceptance, double Conversion, double FitRejection) baseline, SuggestionOptions options)
    {
        var reasons = string.Join("/", options.FitRejectionReasons);
        if (rates.FitRejection >= Math.Max(options.MinFitRejectionRate, baseline.FitRejection * options.FitRejectionRatio))
        {
            return Change(id, points, (int)Math.Round(points / 2.0, MidpointRounding.AwayFromZero),
                $"rejected as {reasons} for {Percent(rates.FitRejection)} of {sample} leads vs {Percent(baseline.FitRejection)} on average: halve the points");
        }
        if (baseline.Conversion > 0 && rates.Conversion >= baseline.Conversion * options.ConversionRatio && rates.Acceptance >= baseline.Acceptance)
        {
            return Change(id, points, Math.Min(100, Math.Max(points + 1, (int)Math.Round(points * 1.25, MidpointRounding.AwayFromZero))),
                $"converted {Percent(rates.Conversion)} of {sample} leads vs {Percent(baseline.Conversion)} on average: raise the points by a quarter");
        }
        if (rates.Acceptance <= baseline.Acceptance * options.LowAcceptanceRatio)
        {
            return Change(id, points, (int)Math.Round(points * 0.75, MidpointRounding.AwayFromZero),
                $"accepted {Percent(rates.Acceptance)} of {sample} leads vs {Percent(baseline.Acceptance)} on average: cut the points by a quarter");
        }
        return null;
    }

    private static PointAdjustment? Change(string id, int oldPoints, int newPoints, string reason) =>
        newPoints == oldPoints ? null : new PointAdjustment(id, oldPoints, newPoints, reason);

    private static (double Acceptance, double Conversion, double FitRejection) Rates(IReadOnlyCollection<DispositionedLead> leads, SuggestionOptions options)
    {
        if (leads.Count == 0)
            return (0, 0, 0);
        double count = leads.Count;
        return (
            leads.Count(l => l.Accepted) / count,
            leads.Count(l => l.Converted) / count,
            leads.Count(l => !l.Accepted && l.RejectReason is { } r && options.FitRejectionReasons.Contains(r)) / count);
    }

    private static ContractDocument Apply(ContractDocument contract, IReadOnlyList<PointAdjustment> changes)
    {
        var points = changes.ToDictionary(c => c.CriterionId, c => c.NewPoints, StringComparer.Ordinal);
        return contract with
        {
            Version = contract.Version + 1,
            Scoring = contract.Scoring with
            {
                FitCriteria = contract.Scoring.FitCriteria.Select(c => points.TryGetValue(c.Id, out var p) ? c with { Points = p } : c).ToList(),
                Behaviour = contract.Scoring.Behaviour with
                {
                    Signals = contract.Scoring.Behaviour.Signals.Select(s => points.TryGetValue(s.Id, out var p) ? s with { Points = p } : s).ToList(),
                },
            },
        };
    }

    private static string Percent(double rate) => rate.ToString("0%", CultureInfo.InvariantCulture);
}
