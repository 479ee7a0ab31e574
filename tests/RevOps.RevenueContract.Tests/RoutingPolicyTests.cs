using RevOps.RevenueContract;

namespace RevOps.RevenueContract.Tests;

public class RoutingPolicyTests
{
    private readonly ContractDocument _contract = ContractLoader.LoadDefault();

    [Fact]
    public void First_matching_rule_wins()
    {
        var lead = new LeadAttributes { Country = "us", CompanySizeBand = "enterprise", Region = "EMEA" };

        var outcome = _contract.Routing.Route(lead);

        Assert.Equal("na_enterprise", outcome.TeamId);
        Assert.Equal("na_enterprise", outcome.Rule?.Id);
    }

    [Fact]
    public void Score_range_must_hold()
    {
        var lead = new LeadAttributes { Country = "CA", CompanySizeBand = "mid_market", Score = 59 };

        Assert.Equal("inbound_general", _contract.Routing.Route(lead).TeamId);
        Assert.Equal("na_mid_market", _contract.Routing.Route(lead with { Score = 60 }).TeamId);
    }

    [Fact]
    public void Unmatched_lead_goes_to_the_default_team_without_a_rule()
    {
        var outcome = _contract.Routing.Route(new LeadAttributes { Country = "BR" });

        Assert.Equal("inbound_general", outcome.TeamId);
        Assert.Null(outcome.Rule);
        Assert.Empty(outcome.ExcludedReps);
    }

    [Fact]
    public void Custom_fields_and_excluded_reps_come_from_the_rule()
    {
        var rule = new RoutingRule
        {
            Id = "partners",
            Team = "emea",
            Match = new RuleMatch { CustomFields = new Dictionary<string, IReadOnlyList<string>> { ["plan"] = ["Enterprise"] } },
            ExcludedReps = ["rep-7"],
        };
        var routing = _contract.Routing with { Rules = [rule] };

        var matched = routing.Route(new LeadAttributes { CustomFields = new Dictionary<string, string> { ["plan"] = "enterprise" } });
        var missed = routing.Route(new LeadAttributes { CustomFields = new Dictionary<string, string> { ["plan"] = "starter" } });

        Assert.Equal("emea", matched.TeamId);
        Assert.Equal(["rep-7"], matched.ExcludedReps);
        Assert.Equal("inbound_general", missed.TeamId);
    }
}
