using RevOps.Contracts.Events;
using RevOps.RevenueContract;
using RevOps.Sla.Domain;

namespace RevOps.Sla.Tests.Domain;

public sealed class SlaRulesTests
{
    private static readonly SlaRules Rules = new(ContractLoader.LoadDefault());

    [Fact]
    public void Default_contract_clauses_become_first_touch_disposition_and_min_touch_clocks()
    {
        var clauses = Rules.ClausesFor("na_enterprise").ToDictionary(c => c.ClauseId);

        Assert.Equal((ClockKind.FirstTouch, TimeSpan.FromHours(4), WindowBasis.BusinessTime, 1),
            (clauses["first_touch"].Kind, clauses["first_touch"].Window, clauses["first_touch"].Basis, clauses["first_touch"].RequiredTouches));
        Assert.Equal((ClockKind.Disposition, TimeSpan.FromHours(24), WindowBasis.Elapsed),
            (clauses["accept_or_reject"].Kind, clauses["accept_or_reject"].Window, clauses["accept_or_reject"].Basis));
        Assert.Equal((ClockKind.MinTouches, TimeSpan.FromHours(40), WindowBasis.BusinessTime, 3),
            (clauses["three_touches"].Kind, clauses["three_touches"].Window, clauses["three_touches"].Basis, clauses["three_touches"].RequiredTouches));
    }

    [Fact]
    public void Business_days_count_the_team_calendars_working_day()
    {
        // EMEA works 09:00-17:30: five business days are 42.5 working hours.
        Assert.Equal(TimeSpan.FromHours(42.5), Rules.ClausesFor("emea").Single(c => c.ClauseId == "three_touches").Window);
    }

    [Fact]
    public void Team_calendar_comes_from_the_contract()
    {
        var calendar = Rules.CalendarFor("na_mid_market");

        Assert.Equal("America/Los_Angeles", calendar.TimeZone.Id);
        Assert.False(calendar.IsBusinessDay(new DateOnly(2026, 11, 26)));
        // Friday 16:00 Pacific + 4 business hours = Monday 12:00 Pacific (20:00 UTC).
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 20, 0, 0, TimeSpan.Zero),
            calendar.AddBusinessTime(new DateTimeOffset(2026, 12, 4, 16, 0, 0, TimeSpan.FromHours(-8)), TimeSpan.FromHours(4)));
    }

    [Fact]
    public void Unknown_team_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => Rules.ClausesFor("atlantis"));
        Assert.Contains("atlantis", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("first_touch", 1, new[] { EscalationAction.NotifyManager })]
    [InlineData("first_touch", 2, new[] { EscalationAction.Reassign })]
    [InlineData("three_touches", 3, new EscalationAction[0])]
    [InlineData("accept_or_reject", 1, new[] { EscalationAction.NotifyManager, EscalationAction.Reassign })]
    [InlineData("accept_or_reject", 2, new[] { EscalationAction.Reassign })]
    public void Escalation_follows_the_contracts_chain(string clauseId, int breachNumber, EscalationAction[] expected)
    {
        Assert.Equal(expected, Rules.Escalate(clauseId, breachNumber).Actions);
    }

    [Fact]
    public void Notify_manager_steps_with_a_webhook_url_queue_that_webhook()
    {
        var yaml = ContractLoader.DefaultYaml.Replace(
            "    on_breach_number: 1\n    action: notify_manager\n",
            "    on_breach_number: 1\n    action: notify_manager\n    webhook_url: https://hooks.example.test/sla\n", StringComparison.Ordinal);
        Assert.NotEqual(ContractLoader.DefaultYaml, yaml);
        var rules = new SlaRules(ContractLoader.Load(yaml));

        Assert.Equal([new Uri("https://hooks.example.test/sla")], rules.Escalate("first_touch", 1).WebhookUrls);
        Assert.Empty(rules.Escalate("first_touch", 2).WebhookUrls);
        Assert.Equal("mgr_emea", rules.ManagerOf("emea"));
    }
}
