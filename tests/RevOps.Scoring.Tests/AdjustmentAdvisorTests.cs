using RevOps.RevenueContract;
using RevOps.Scoring.Domain;

namespace RevOps.Scoring.Tests;

public class AdjustmentAdvisorTests
{
    private readonly ContractDocument _contract = ContractLoader.LoadDefault();

    private static IEnumerable<DispositionedLead> Leads(int count, string[] criteria, bool accepted, string? reason = null, bool converted = false) =>
        Enumerable.Range(0, count).Select(_ => new DispositionedLead(Guid.NewGuid(), criteria, accepted, reason, converted));

    [Fact]
    public void Criterion_rejected_as_no_fit_far_more_than_average_loses_points()
    {
        // decision_timeline leads: 30 of 40 rejected as no_fit; everyone else is mostly accepted.
        var leads = Leads(10, ["company_size", "decision_timeline"], accepted: true)
            .Concat(Leads(30, ["decision_timeline"], accepted: false, reason: "no_fit"))
            .Concat(Leads(160, ["company_size"], accepted: true))
            .ToList();

        var proposal = AdjustmentAdvisor.Suggest(_contract, leads);

        var change = Assert.Single(proposal.Changes);
        Assert.Equal(new PointAdjustment("decision_timeline", 15, 8, "rejected as no_fit for 75% of 40 leads vs 15% on average: halve the points"), change);
        var stats = proposal.Criteria.Single(c => c.CriterionId == "decision_timeline");
        Assert.Equal(40, stats.Dispositioned);
        Assert.Equal(0.25, stats.AcceptanceRate);
        Assert.Equal(0.75, stats.FitRejectionRate);
        Assert.Equal(0.85, proposal.BaselineAcceptanceRate, 10);
    }

    [Fact]
    public void The_proposal_is_a_new_valid_contract_version_with_only_the_points_changed()
    {
        var leads = Leads(30, ["decision_timeline"], accepted: false, reason: "no_fit").Concat(Leads(170, ["company_size"], accepted: true)).ToList();

        var proposal = AdjustmentAdvisor.Suggest(_contract, leads);

        Assert.NotNull(proposal.Proposed);
        Assert.Equal(2, proposal.Proposed.Version);
        var reloaded = ContractLoader.Load(proposal.ProposedYaml!);
        Assert.Equal(
            [
                new ContractDifference("version", DifferenceKind.Changed, "1", "2"),
                new ContractDifference("scoring.fit_criteria[decision_timeline].points", DifferenceKind.Changed, "15", "8"),
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
}
