using RevOps.Contracts.Events;
using RevOps.RevenueContract;
using RevOps.Scoring.Domain;

namespace RevOps.Scoring.Tests;

public class IngestionValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly ContractDocument _contract = ContractLoader.LoadDefault();

    private static LeadSubmission ValidLead() => new() { Email = "ana@example.com", Source = "web_form", CapturedAt = Now.AddMinutes(-1) };

    [Fact]
    public void Valid_lead_has_no_violations()
    {
        Assert.Empty(IngestionValidator.ValidateLead(ValidLead(), _contract, Now));
    }

    [Fact]
    public void Missing_email_is_a_violation_on_lead_email()
    {
        var violation = Assert.Single(IngestionValidator.ValidateLead(ValidLead() with { Email = " " }, _contract, Now));

        Assert.Equal(new Violation("lead.email", "email is required"), violation);
    }

    [Theory]
    [InlineData("ana")]
    [InlineData("ana@")]
    [InlineData("@example.com")]
    [InlineData("ana@example")]
    [InlineData("ana@@example.com")]
    [InlineData("ana smith@example.com")]
    [InlineData("ana..smith@example.com")]
    [InlineData("ana@-example.com")]
    public void Malformed_email_is_a_violation(string email)
    {
        var violation = Assert.Single(IngestionValidator.ValidateLead(ValidLead() with { Email = email }, _contract, Now));

        Assert.Equal("lead.email", violation.Field);
        Assert.Contains("is not a valid email address", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Time_in_the_far_future_is_a_violation_but_small_clock_skew_is_not()
    {
        var skewed = IngestionValidator.ValidateLead(ValidLead() with { CapturedAt = Now.AddMinutes(4) }, _contract, Now);
        var future = Assert.Single(IngestionValidator.ValidateLead(ValidLead() with { CapturedAt = Now.AddDays(400) }, _contract, Now));

        Assert.Empty(skewed);
        Assert.Equal("lead.captured_at", future.Field);
        Assert.Equal("captured_at 2027-12-28T12:00:00Z is in the future (server time 2026-11-23T12:00:00Z)", future.Description);
    }

    [Fact]
    public void Several_problems_are_all_reported()
    {
        var lead = new LeadSubmission { Email = "nope", Country = "USA", AnnualRevenue = -1, DecisionTimelineDays = -5 };

        var fields = IngestionValidator.ValidateLead(lead, _contract, Now).Select(v => v.Field).ToList();

        Assert.Equal(["lead.email", "lead.source", "lead.country", "lead.annual_revenue", "lead.decision_timeline_days"], fields);
    }

    [Fact]
    public void Arr_in_another_currency_is_refused()
    {
        var violation = Assert.Single(IngestionValidator.ValidateLead(ValidLead() with { AnnualRevenue = 1_000_000, AnnualRevenueCurrency = "EUR" }, _contract, Now));

        Assert.Equal("lead.annual_revenue.currency_code", violation.Field);
    }

    [Fact]
    public void Unknown_activity_type_lists_the_accepted_ones()
    {
        var activity = new ActivitySubmission { LeadId = Guid.NewGuid().ToString(), ActivityType = "tweet_liked", OccurredAt = Now };

        var violation = Assert.Single(IngestionValidator.ValidateActivity(activity, _contract, Now));

        Assert.Equal("activity_type", violation.Field);
        Assert.StartsWith("unknown activity type 'tweet_liked'; contract v1 accepts: email_opened, email_clicked", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Activity_needs_a_lead_by_id_or_email()
    {
        Assert.Equal("lead_id", Assert.Single(IngestionValidator.ValidateActivity(new ActivitySubmission { ActivityType = "email_opened" }, _contract, Now)).Field);
        Assert.Empty(IngestionValidator.ValidateActivity(new ActivitySubmission { Email = "ana@example.com", ActivityType = "email_opened" }, _contract, Now));
        Assert.Equal("lead_id", Assert.Single(IngestionValidator.ValidateActivity(new ActivitySubmission { LeadId = "42", ActivityType = "email_opened" }, _contract, Now)).Field);
    }

    [Fact]
    public void Reject_without_a_contract_reason_is_a_violation()
    {
        var reject = new DispositionSubmission { LeadId = Guid.NewGuid().ToString(), RepId = "rep-1", Decision = DispositionDecision.Reject };

        var missing = Assert.Single(IngestionValidator.ValidateDisposition(reject, _contract, Now));
        var unknown = Assert.Single(IngestionValidator.ValidateDisposition(reject with { ReasonCode = "too_busy" }, _contract, Now));

        Assert.Equal("reason_code", missing.Field);
        Assert.Equal("a reject needs a reason from contract v1: no_fit, no_timing, no_contact, competitor, duplicate, bad_data", missing.Description);
        Assert.Equal("reason_code", unknown.Field);
        Assert.Contains("'too_busy' is not a disposition reason", unknown.Description, StringComparison.Ordinal);
        Assert.Empty(IngestionValidator.ValidateDisposition(reject with { ReasonCode = "no_fit" }, _contract, Now));
    }

    [Fact]
    public void Accept_needs_no_reason_and_must_not_carry_one()
    {
        var accept = new DispositionSubmission { LeadId = Guid.NewGuid().ToString(), RepId = "rep-1", Decision = DispositionDecision.Accept };

        Assert.Empty(IngestionValidator.ValidateDisposition(accept, _contract, Now));
        Assert.Equal("reason_code", Assert.Single(IngestionValidator.ValidateDisposition(accept with { ReasonCode = "no_fit" }, _contract, Now)).Field);
        Assert.Equal("disposition", Assert.Single(IngestionValidator.ValidateDisposition(accept with { Decision = DispositionDecision.Unspecified }, _contract, Now)).Field);
    }

    [Fact]
    public void Touch_needs_rep_and_channel()
    {
        var fields = IngestionValidator.ValidateTouch(new TouchSubmission { LeadId = Guid.NewGuid().ToString(), OccurredAt = Now.AddDays(2) }, Now).Select(v => v.Field);

        Assert.Equal(["rep_id", "channel", "occurred_at"], fields);
    }

    [Fact]
    public void Opportunity_needs_stage_status_and_money()
    {
        var valid = new OpportunitySubmission
        {
            LeadId = Guid.NewGuid().ToString(), OpportunityId = "006A", Stage = "proposal", Outcome = OpportunityOutcome.Open, Amount = 25_000m, Currency = "USD",
        };

        Assert.Empty(IngestionValidator.ValidateOpportunity(valid, Now));
        var fields = IngestionValidator.ValidateOpportunity(valid with { Stage = null, Outcome = null, Amount = -1, Currency = "usd" }, Now).Select(v => v.Field);
        Assert.Equal(["stage", "status", "amount", "amount.currency_code"], fields);
    }
}
