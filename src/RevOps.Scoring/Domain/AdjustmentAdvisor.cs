using System.Globalization;
using RevOps.Contracts.Events;
using RevOps.RevenueContract;

namespace RevOps.Scoring.Domain;

/// <summary>
/// SuggestAdjustments: compares each criterion's acceptance, conversion and fit-rejection rates with the average over
/// all dispositioned leads and proposes point changes as a new contract version (which still needs both signatures).
/// </summary>
public static class AdjustmentAdvisor
{
    /// <summary>The most points the contract allows a criterion.</summary>
    private const int MaxPoints = 100;

    public static AdjustmentProposal Suggest(ContractDocument contract, IReadOnlyCollection<DispositionedLead> leads, SuggestionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(leads);
        options ??= new SuggestionOptions();

        // Only reasons this contract declares can have been given, and only those are named in a reason.
        var fitReasons = options.FitRejectionReasons.Where(contract.IsDispositionReason).ToList();
        var baseline = RatesOf(leads, fitReasons);
        var criteria = contract.Scoring.FitCriteria.Select(c => (c.Id, c.Label, Kind: ContributionKind.Fit, c.Points))
            .Concat(contract.Scoring.Behaviour.Signals.Select(s => (s.Id, s.Label, Kind: ContributionKind.Behaviour, s.Points)));

        var stats = new List<CriterionPerformance>();
        var changes = new List<PointAdjustment>();
        foreach (var (id, label, kind, points) in criteria)
        {
            var matched = leads.Where(l => l.MatchedCriteria.Contains(id)).ToList();
            var rates = RatesOf(matched, fitReasons);
            stats.Add(new CriterionPerformance(id, label, kind, points, matched.Count, rates.Acceptance, rates.Conversion, rates.FitRejection));
            // Negative points are a deliberate penalty; the rules below only tune rewards.
            if (matched.Count >= options.MinSample && points > 0 && Propose(id, points, matched.Count, rates, baseline, fitReasons, options) is { } change)
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

    /// <summary>
    /// A lead converted when it won an opportunity or one of its opportunities reached the contract's last stage entered by
    /// an opportunity (in the default contract "opportunity": CRM stage proposal, negotiation or contract_sent). A later loss
    /// does not undo it: the question is whether scoring picked a lead sales could turn into real pipeline.
    /// </summary>
    public static bool Converted(ContractDocument contract, LeadProgress progress)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(progress);
        var opportunityStage = contract.Lifecycle.LastOrDefault(s => s.Entry == StageEntry.Opportunity);
        return progress.Outcome == OpportunityOutcome.Won
            || (opportunityStage is not null && StageResolver.Holds(opportunityStage, progress));
    }

    private static PointAdjustment? Propose(string id, int points, int sample, GroupRates rates, GroupRates baseline, IReadOnlyList<string> fitReasons, SuggestionOptions options)
    {
        if (fitReasons.Count > 0 && rates.FitRejection >= Math.Max(options.MinFitRejectionRate, baseline.FitRejection * options.FitRejectionRatio))
        {
            // Scale the points by how often this criterion's leads were a fit compared with the average lead; never below 0.
            var keep = (1 - rates.FitRejection) / (1 - baseline.FitRejection);
            return Change(id, points, Math.Max(0, Round(points * keep)),
                $"rejected as {string.Join("/", fitReasons)} for {Percent(rates.FitRejection)} of {sample} leads vs {Percent(baseline.FitRejection)} on average: "
                + $"points scaled by {Percent(1 - rates.FitRejection)} / {Percent(1 - baseline.FitRejection)} (its leads that were a fit vs the average)");
        }
        if (baseline.Conversion > 0 && rates.Conversion >= baseline.Conversion * options.ConversionRatio && rates.Acceptance >= baseline.Acceptance)
        {
            return Change(id, points, Math.Min(MaxPoints, Math.Max(points + 1, Round(points * 1.25))),
                $"converted {Percent(rates.Conversion)} of {sample} leads vs {Percent(baseline.Conversion)} on average: raise the points by a quarter");
        }
        // When nobody was accepted, no criterion is below the average.
        if (baseline.Acceptance > 0 && rates.Acceptance <= baseline.Acceptance * options.LowAcceptanceRatio)
        {
            return Change(id, points, Round(points * 0.75),
                $"accepted {Percent(rates.Acceptance)} of {sample} leads vs {Percent(baseline.Acceptance)} on average: cut the points by a quarter");
        }
        return null;
    }

    private static PointAdjustment? Change(string id, int oldPoints, int newPoints, string reason) =>
        newPoints == oldPoints ? null : new PointAdjustment(id, oldPoints, newPoints, reason);

    private static GroupRates RatesOf(IReadOnlyCollection<DispositionedLead> leads, IReadOnlyList<string> fitReasons)
    {
        if (leads.Count == 0)
            return new GroupRates(0, 0, 0);
        double count = leads.Count;
        return new GroupRates(
            leads.Count(l => l.Accepted) / count,
            leads.Count(l => l.Converted) / count,
            leads.Count(l => !l.Accepted && l.RejectReason is { } r && fitReasons.Contains(r)) / count);
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

    private static int Round(double points) => (int)Math.Round(points, MidpointRounding.AwayFromZero);

    private static string Percent(double rate) => rate.ToString("0%", CultureInfo.InvariantCulture);

    /// <summary>Shares of a group of dispositioned leads (0 to 1).</summary>
    private readonly record struct GroupRates(double Acceptance, double Conversion, double FitRejection);
}
