using RevOps.Routing.Domain;

namespace RevOps.Routing.Tests;

public sealed class RuleSetTests
{
    private static readonly RuleSet Rules = new(
    [
        new RoutingRule { Id = "enterprise-dach", TeamId = "dach-enterprise", Countries = ["DE", "AT", "CH"], CompanySizeBands = ["enterprise"] },
        new RoutingRule { Id = "dach", TeamId = "dach", Countries = ["DE", "AT", "CH"], ExcludedRepIds = ["rep-junior"] },
        new RoutingRule { Id = "hot-fintech", TeamId = "strategic", Industries = ["Fintech"], MinScore = 80 },
        new RoutingRule { Id = "partner", TeamId = "partners", Sources = ["partner_referral"] },
        new RoutingRule { Id = "emea-mid-score", TeamId = "emea", Regions = ["EMEA"], MinScore = 40, MaxScore = 79 },
        new RoutingRule
        {
            Id = "gold-tier", TeamId = "key-accounts",
            CustomFields = new Dictionary<string, IReadOnlyCollection<string>> { ["tier"] = ["gold", "platinum"] },
        },
    ], defaultTeamId: "inbound");

    [Fact]
    public void First_matching_rule_wins_over_later_ones()
    {
        var match = Rules.Match(new LeadAttributes { Country = "DE", CompanySizeBand = "enterprise", Industry = "Fintech", Score = 95 });

        Assert.Equal(("dach-enterprise", "enterprise-dach"), (match.TeamId, match.RuleId));
    }

    [Fact]
    public void A_lead_failing_one_condition_of_a_rule_falls_through_to_the_next()
    {
        var match = Rules.Match(new LeadAttributes { Country = "AT", CompanySizeBand = "smb", Score = 10 });

        Assert.Equal(("dach", "dach"), (match.TeamId, match.RuleId));
        Assert.Contains("rep-junior", match.ExcludedRepIds);
    }

    [Fact]
    public void Values_match_case_insensitively()
    {
        Assert.Equal("strategic", Rules.Match(new LeadAttributes { Industry = "fintech", Score = 80 }).TeamId);
    }

    [Theory]
    [InlineData(39, "inbound")]
    [InlineData(40, "emea")]
    [InlineData(79, "emea")]
    [InlineData(80, "inbound")]
    public void Score_ranges_are_inclusive_at_both_ends(int score, string expectedTeam)
    {
        Assert.Equal(expectedTeam, Rules.Match(new LeadAttributes { Region = "EMEA", Score = score }).TeamId);
    }

    [Fact]
    public void Custom_fields_match_any_listed_value_and_require_the_field()
    {
        var gold = new LeadAttributes { CustomFields = new Dictionary<string, string> { ["tier"] = "platinum" } };
        var bronze = new LeadAttributes { CustomFields = new Dictionary<string, string> { ["tier"] = "bronze" } };
        var none = new LeadAttributes();

        Assert.Equal("key-accounts", Rules.Match(gold).TeamId);
        Assert.Equal("inbound", Rules.Match(bronze).TeamId);
        Assert.Equal("inbound", Rules.Match(none).TeamId);
    }

    [Fact]
    public void A_lead_missing_a_required_attribute_does_not_match_that_rule()
    {
        Assert.Equal("inbound", Rules.Match(new LeadAttributes { Score = 99 }).TeamId);
    }

    [Fact]
    public void Unmatched_leads_go_to_the_default_team_without_a_rule_id()
    {
        var match = Rules.Match(new LeadAttributes { Country = "US", Source = "webinar", Score = 50 });

        Assert.True(match.IsDefault);
        Assert.Equal("inbound", match.TeamId);
        Assert.Null(match.RuleId);
        Assert.Empty(match.ExcludedRepIds);
    }

    [Fact]
    public void A_rule_without_conditions_catches_everything_after_it()
    {
        var rules = new RuleSet([new RoutingRule { Id = "all", TeamId = "everyone" }], "inbound");

        Assert.Equal("all", rules.Match(new LeadAttributes()).RuleId);
    }

    [Fact]
    public void Bad_rules_are_rejected_with_a_clear_message()
    {
        Assert.Contains("default team", Assert.Throws<ArgumentException>(() => new RuleSet([], " ")).Message, StringComparison.Ordinal);
        Assert.Contains("more than once", Assert.Throws<ArgumentException>(() => new RuleSet(
            [new RoutingRule { Id = "a", TeamId = "x" }, new RoutingRule { Id = "a", TeamId = "y" }], "d")).Message, StringComparison.Ordinal);
        Assert.Contains("MinScore 50 above MaxScore 10", Assert.Throws<ArgumentException>(() => new RuleSet(
            [new RoutingRule { Id = "a", TeamId = "x", MinScore = 50, MaxScore = 10 }], "d")).Message, StringComparison.Ordinal);
        Assert.Contains("names no team", Assert.Throws<ArgumentException>(() => new RuleSet(
            [new RoutingRule { Id = "a", TeamId = "" }], "d")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Team_ids_list_every_rule_target_and_the_default_once()
    {
        Assert.Equal(["dach-enterprise", "dach", "strategic", "partners", "emea", "key-accounts", "inbound"], Rules.TeamIds);
    }
}
