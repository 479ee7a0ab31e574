using System.Globalization;
using RevOps.RevenueContract;

namespace RevOps.Scoring.Domain;

/// <summary>
/// Checks incoming leads, activities, touches, dispositions and opportunities against the API's rules and the active
/// contract. Field paths follow ingestion.proto, so the gRPC layer can return them as INVALID_ARGUMENT field violations.
/// </summary>
public static class IngestionValidator
{
    /// <summary>How far ahead of the server's clock a reported time may be before it counts as "in the future".</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const int MaxTextLength = 500;
    private const int MaxCustomFields = 50;

    public static IReadOnlyList<Violation> ValidateLead(LeadSubmission lead, ContractDocument contract, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(contract);
        var violations = new List<Violation>();
        if (string.IsNullOrWhiteSpace(lead.Email))
            violations.Add(new("lead.email", "email is required"));
        else if (!EmailAddress.IsValid(lead.Email))
            violations.Add(new("lead.email", $"'{Shorten(lead.Email)}' is not a valid email address (expected name@example.com)"));

        if (string.IsNullOrWhiteSpace(lead.Source))
            violations.Add(new("lead.source", "source is required, e.g. " + string.Join(", ", contract.Sources.Take(3).Select(s => s.Id).DefaultIfEmpty("web_form"))));

        if (lead.Country is { Length: > 0 } country && (country.Trim().Length != 2 || !country.Trim().All(char.IsAsciiLetter)))
            violations.Add(new("lead.country", $"country '{Shorten(country)}' must be an ISO 3166-1 alpha-2 code such as US or DE"));

        if (lead.AnnualRevenue is { } arr)
        {
            if (arr < 0)
                violations.Add(new("lead.annual_revenue", "annual_revenue must not be negative"));
            if (lead.AnnualRevenueCurrency is { Length: > 0 } currency && !string.Equals(currency, "USD", StringComparison.OrdinalIgnoreCase))
                violations.Add(new("lead.annual_revenue.currency_code", $"annual_revenue must be in USD, the currency the contract's size bands use (got {Shorten(currency)})"));
        }
        if (lead.EmployeeCount is < 0)
            violations.Add(new("lead.employee_count", "employee_count must not be negative"));
        if (lead.DecisionTimelineDays is < 0 or > 3650)
            violations.Add(new("lead.decision_timeline_days", "decision_timeline_days must be between 0 and 3650"));

        CheckLength(violations, "lead.external_id", lead.ExternalId);
        CheckLength(violations, "lead.job_title", lead.JobTitle);
        CheckLength(violations, "lead.company", lead.Company);
        CheckLength(violations, "lead.campaign", lead.Campaign);
        if (lead.CustomFields.Count > MaxCustomFields)
            violations.Add(new("lead.custom_fields", $"at most {MaxCustomFields} custom fields are accepted (got {lead.CustomFields.Count})"));
        foreach (var (key, value) in lead.CustomFields)
        {
            if (string.IsNullOrWhiteSpace(key))
                violations.Add(new("lead.custom_fields", "custom field names must not be empty"));
            else
                CheckLength(violations, $"lead.custom_fields[{key}]", value);
        }
        CheckTime(violations, "lead.captured_at", lead.CapturedAt, now, required: false);
        return violations;
    }

    public static IReadOnlyList<Violation> ValidateActivity(ActivitySubmission activity, ContractDocument contract, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(contract);
        var violations = new List<Violation>();
        if (string.IsNullOrWhiteSpace(activity.LeadId) && string.IsNullOrWhiteSpace(activity.Email))
            violations.Add(new("lead_id", "lead_id or email is required to say whose activity this is"));
        else if (!string.IsNullOrWhiteSpace(activity.LeadId))
            CheckLeadId(violations, activity.LeadId);
        else if (!EmailAddress.IsValid(activity.Email))
            violations.Add(new("email", $"'{Shorten(activity.Email!)}' is not a valid email address"));

        if (string.IsNullOrWhiteSpace(activity.ActivityType))
            violations.Add(new("activity_type", "activity_type is required"));
        else if (!contract.IsActivityType(activity.ActivityType))
            violations.Add(new("activity_type", $"unknown activity type '{Shorten(activity.ActivityType)}'; contract v{contract.Version} accepts: {string.Join(", ", contract.Scoring.Behaviour.ActivityTypes.Select(a => a.Id))}"));
        CheckTime(violations, "occurred_at", activity.OccurredAt, now, required: false);
        CheckLength(violations, "detail", activity.Detail);
        if (!string.IsNullOrEmpty(activity.ExternalId) && string.IsNullOrWhiteSpace(activity.Source))
            violations.Add(new("source", "source is required with external_id, which is unique per source"));
        return violations;
    }

    public static IReadOnlyList<Violation> ValidateTouch(TouchSubmission touch, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(touch);
        var violations = new List<Violation>();
        CheckLeadId(violations, touch.LeadId);
        if (string.IsNullOrWhiteSpace(touch.RepId))
            violations.Add(new("rep_id", "rep_id is required"));
        if (string.IsNullOrWhiteSpace(touch.Channel))
            violations.Add(new("channel", "channel is required, e.g. call, email, linkedin, meeting"));
        CheckTime(violations, "occurred_at", touch.OccurredAt, now, required: false);
        CheckLength(violations, "note", touch.Note, 4000);
        return violations;
    }

    public static IReadOnlyList<Violation> ValidateDisposition(DispositionSubmission disposition, ContractDocument contract, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(disposition);
        ArgumentNullException.ThrowIfNull(contract);
        var violations = new List<Violation>();
        CheckLeadId(violations, disposition.LeadId);
        if (string.IsNullOrWhiteSpace(disposition.RepId))
            violations.Add(new("rep_id", "rep_id is required"));
        var reasons = string.Join(", ", contract.DispositionReasons.Select(r => r.Id));
        switch (disposition.Decision)
        {
            case DispositionDecision.Accept when !string.IsNullOrWhiteSpace(disposition.ReasonCode):
                violations.Add(new("reason_code", "reason_code applies only to a reject; leave it empty when accepting"));
                break;
            case DispositionDecision.Reject when string.IsNullOrWhiteSpace(disposition.ReasonCode):
                violations.Add(new("reason_code", $"a reject needs a reason from contract v{contract.Version}: {reasons}"));
                break;
            case DispositionDecision.Reject when !contract.IsDispositionReason(disposition.ReasonCode!):
                violations.Add(new("reason_code", $"'{Shorten(disposition.ReasonCode!)}' is not a disposition reason in contract v{contract.Version}; use one of: {reasons}"));
                break;
            case DispositionDecision.Unspecified:
                violations.Add(new("disposition", "disposition must be accept or reject"));
                break;
        }
        CheckTime(violations, "occurred_at", disposition.OccurredAt, now, required: false);
        CheckLength(violations, "note", disposition.Note, 4000);
        return violations;
    }

    public static IReadOnlyList<Violation> ValidateOpportunity(OpportunitySubmission opportunity, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(opportunity);
        var violations = new List<Violation>();
        CheckLeadId(violations, opportunity.LeadId);
        if (string.IsNullOrWhiteSpace(opportunity.OpportunityId))
            violations.Add(new("opportunity_id", "opportunity_id (the CRM's id) is required"));
        if (string.IsNullOrWhiteSpace(opportunity.Stage))
            violations.Add(new("stage", "stage is required, e.g. discovery, proposal, negotiation"));
        if (opportunity.Outcome is null)
            violations.Add(new("status", "status must be open, won or lost"));
        if (opportunity.Amount is null)
            violations.Add(new("amount", "amount is required (0 when not yet known)"));
        else if (opportunity.Amount < 0)
            violations.Add(new("amount", "amount must not be negative"));
        if (opportunity.Amount is not null && (opportunity.Currency is not { Length: 3 } currency || !currency.All(char.IsAsciiLetterUpper)))
            violations.Add(new("amount.currency_code", $"currency_code must be an ISO 4217 code such as USD (got '{Shorten(opportunity.Currency ?? "")}')"));
        CheckTime(violations, "occurred_at", opportunity.OccurredAt, now, required: false);
        return violations;
    }

    private static void CheckLeadId(List<Violation> violations, string? leadId)
    {
        if (string.IsNullOrWhiteSpace(leadId))
            violations.Add(new("lead_id", "lead_id is required"));
        else if (!Guid.TryParse(leadId, out _))
            violations.Add(new("lead_id", $"lead_id '{Shorten(leadId)}' is not a lead id (a UUID returned by SubmitLead)"));
    }

    private static void CheckTime(List<Violation> violations, string field, DateTimeOffset? time, DateTimeOffset now, bool required)
    {
        if (time is not { } value)
        {
            if (required)
                violations.Add(new(field, $"{Leaf(field)} is required"));
            return;
        }
        if (value > now + MaxClockSkew)
            violations.Add(new(field, $"{Leaf(field)} {Format(value)} is in the future (server time {Format(now)})"));
        else if (value < Earliest)
            violations.Add(new(field, $"{Leaf(field)} {Format(value)} is before 2000-01-01; send the real time of the event"));
    }

    private static void CheckLength(List<Violation> violations, string field, string? value, int max = MaxTextLength)
    {
        if (value is not null && value.Length > max)
            violations.Add(new(field, $"{Leaf(field)} must be at most {max} characters (got {value.Length})"));
    }

    private static string Leaf(string field) => field[(field.LastIndexOf('.') + 1)..];

    /// <summary>A time as the API's messages show it: UTC to the second.</summary>
    internal static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Echo at most 80 characters of a bad value back to the caller.</summary>
    private static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "...";
}
