using RevOps.Contracts.Events;
using RevOps.RevenueContract;
using RevOps.Scoring.Domain;

namespace RevOps.Scoring.Tests;

public class AdjustmentAdvisorTests
{
    private readonly ContractDocument _contract = ContractLoader.LoadDefault();

    private static IEnumerable<DispositionedLead> Leads(int count, string[] criteria, bool accepted, string? reason = null, bool converted = false) =>
        Enumerable.Range(0, count).Select(_ => new DispositionedLead(Guid.NewGuid(), criteria, accepted, reason, converted));

    [Fact]
    public void Criterion_rejected_as_no_fit_far_more_than_average_loses_points_in_proportion()
    {
        // decision_timeline leads: 30 of 40 rejected as no_fit; everyone else is accepted. 15% of all leads were rejected as no_fit.
        var leads = Leads(10, ["company_size", "decision_timeline"], accepted: true)
            .Concat(Leads(30, ["decision_timeline"], accepted: false, reason: "no_fit"))
            .Concat(Leads(160, ["company_size"], accepted: true))
            .ToList();

        var proposal = AdjustmentAdvisor.Suggest(_contract, leads);

        var change = Assert.Single(proposal.Changes);
        // 25% of its leads were a fit against 85% on average: 15 x 0.25 / 0.85 = 4.4.
        Assert.Equal(new PointAdjustment("decision_timeline", 15, 4,
            "rejected as no_fit for 75% of 40 leads vs 15% on average: points scaled by 25% / 85% (its leads that were a fit vs the average)"), change);
        var stats = proposal.Criteria.Single(c => c.CriterionId == "decision_timeline");
        Assert.Equal(40, stats.Dispositioned);
        Assert.Equal(0.25, stats.AcceptanceRate);
        Assert.Equal(0.75, stats.FitRejectionRate);
        Assert.Equal(0.85, proposal.BaselineAcceptanceRate, 10);
    }

    [Fact]
    public void The_proposal_is_a_new_valid_contract_version_with_only_the_points_changed_and_never_below_zero()
    {
        // Every decision_timeline lead was rejected as no fit: it keeps nothing, but does not turn into a penalty.
        var leads = Leads(30, ["decision_timeline"], accepted: false, reason: "no_fit").Concat(Leads(170, ["company_size"], accepted: true)).ToList();

        var proposal = AdjustmentAdvisor.Suggest(_contract, leads);

        Assert.NotNull(proposal.Proposed);
        Assert.Equal(2, proposal.Proposed.Version);
        var reloaded = ContractLoader.Load(proposal.ProposedYaml!);
        Assert.Equal(
            [
                new ContractDifference("version", DifferenceKind.Changed, "1", "2"),
                new ContractDifference("scoring.fit_criteria[decision_timeline].points", DifferenceKind.Changed, "15", "0"),
            ],
            ContractDiff.Compare(_contract, reloaded));
    }

    [Fact]
    public void Criterion_that_converts_well_gains_points()
    {
        var leads = Leads(20, ["demo_request"], accepted: true, converted: true)
            .Concat(Leads(20, ["company_size"], accepted: true))
            .Concat(Leads(60, ["company_size"], accepted: true))
            .ToList();

        var proposal = AdjustmentAdvisor.Suggest(_contract, leads);

        var change = Assert.Single(proposal.Changes);
        Assert.Equal("demo_request", change.CriterionId);
        Assert.Equal(38, change.NewPoints);
    }

    [Fact]
    public void Small_samples_change_nothing()
    {
        var leads = Leads(5, ["decision_timeline"], accepted: false, reason: "no_fit").Concat(Leads(50, ["company_size"], accepted: true)).ToList();

        var proposal = AdjustmentAdvisor.Suggest(_contract, leads);

        Assert.Empty(proposal.Changes);
        Assert.Null(proposal.Proposed);
        Assert.Null(proposal.ProposedYaml);
        Assert.Equal(5, proposal.Criteria.Single(c => c.CriterionId == "decision_timeline").Dispositioned);
    }

    [Fact]
    public void No_dispositions_give_zero_rates_and_no_changes()
    {
        var proposal = AdjustmentAdvisor.Suggest(_contract, []);

        Assert.Empty(proposal.Changes);
        Assert.Equal(0, proposal.Dispositioned);
        Assert.Equal(_contract.Scoring.FitCriteria.Count + _contract.Scoring.Behaviour.Signals.Count, proposal.Criteria.Count);
    }

    [Fact]
    public void When_every_lead_is_rejected_for_timing_no_criterion_stands_out()
    {
        var leads = Leads(30, ["company_size", "decision_timeline"], accepted: false, reason: "no_timing").Concat(Leads(30, ["company_size"], accepted: false, reason: "no_timing")).ToList();

        var proposal = AdjustmentAdvisor.Suggest(_contract, leads);

        Assert.Equal(0, proposal.BaselineAcceptanceRate);
        Assert.Empty(proposal.Changes);
    }

    [Fact]
    public void A_criterion_with_exactly_the_minimum_sample_gets_a_proposal()
    {
        var leads = Leads(5, ["decision_timeline"], accepted: false, reason: "no_fit").Concat(Leads(45, ["company_size"], accepted: true)).ToList();

        var atMinimum = AdjustmentAdvisor.Suggest(_contract, leads, new SuggestionOptions { MinSample = 5 });
        var aboveIt = AdjustmentAdvisor.Suggest(_contract, leads, new SuggestionOptions { MinSample = 6 });

        Assert.Equal("decision_timeline", Assert.Single(atMinimum.Changes).CriterionId);
        Assert.Empty(aboveIt.Changes);
    }

    [Fact]
    public void Fit_rejections_count_only_for_reasons_the_contract_declares()
    {
        var withoutNoFit = _contract with { DispositionReasons = _contract.DispositionReasons.Where(r => r.Id != "no_fit").ToList() };
        // Recorded under an older version that still had no_fit: those rejects now count only as rejects.
        var leads = Leads(30, ["decision_timeline"], accepted: false, reason: "no_fit")
            .Concat(Leads(70, ["company_size"], accepted: false, reason: "no_timing"))
            .Concat(Leads(100, ["company_size"], accepted: true))
            .ToList();

        var proposal = AdjustmentAdvisor.Suggest(withoutNoFit, leads);

        Assert.Equal(0, proposal.BaselineFitRejectionRate);
        Assert.Equal(0, proposal.Criteria.Single(c => c.CriterionId == "decision_timeline").FitRejectionRate);
        var change = Assert.Single(proposal.Changes);
        Assert.Equal("decision_timeline", change.CriterionId);
        Assert.StartsWith("accepted 0% of 30 leads vs 50% on average", change.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Changes_that_would_make_the_threshold_unreachable_are_reported_as_problems_not_proposed()
    {
        // Fit 75 + behaviour 70 = 145 points at most; a threshold of 140 leaves no room for cutting decision_timeline.
        var strict = ContractLoader.Load(ContractLoader.DefaultYaml.Replace("mql_threshold: 60", "mql_threshold: 140", StringComparison.Ordinal));
        var leads = Leads(30, ["decision_timeline"], accepted: false, reason: "no_fit").Concat(Leads(170, ["company_size"], accepted: true)).ToList();

        var proposal = AdjustmentAdvisor.Suggest(strict, leads);

        Assert.Single(proposal.Changes);
        Assert.Null(proposal.Proposed);
        Assert.Null(proposal.ProposedYaml);
        Assert.Contains(proposal.Problems, p => p.Path == "scoring.mql_threshold");
    }

    [Theory]
    [InlineData(new string[0], null, false)]
    [InlineData(new[] { "discovery" }, OpportunityOutcome.Open, false)]
    [InlineData(new[] { "discovery" }, OpportunityOutcome.Lost, false)]
    [InlineData(new[] { "discovery", "proposal" }, OpportunityOutcome.Open, true)]
    [InlineData(new[] { "negotiation" }, OpportunityOutcome.Lost, true)]
    [InlineData(new[] { "discovery" }, OpportunityOutcome.Won, true)]
    public void A_lead_converted_when_its_opportunity_was_won_or_reached_the_opportunity_stage(string[] crmStages, OpportunityOutcome? outcome, bool converted)
    {
        var progress = new LeadProgress { Accepted = true, OpportunityStages = crmStages, Outcome = outcome };

        Assert.Equal(converted, AdjustmentAdvisor.Converted(_contract, progress));
    }
}
