using RevOps.RevenueContract;

namespace RevOps.RevenueContract.Tests;

public class ContractValidationTests
{
    private static readonly string[] DefaultLines = ContractLoader.DefaultYaml.Split('\n');

    /// <summary>The 1-based line of the first default-contract line that starts (after indentation) with the text.</summary>
    private static int LineOf(string trimmedStart, int after = 0)
    {
        for (var i = after; i < DefaultLines.Length; i++)
        {
            if (DefaultLines[i].TrimStart().StartsWith(trimmedStart, StringComparison.Ordinal))
                return i + 1;
        }
        throw new InvalidOperationException($"'{trimmedStart}' is not in the default contract");
    }

    private static string Replace(string oldLine, string newLine)
    {
        Assert.Contains(oldLine, ContractLoader.DefaultYaml, StringComparison.Ordinal);
        return ContractLoader.DefaultYaml.Replace(oldLine, newLine, StringComparison.Ordinal);
    }

    private static ContractError SingleError(string yaml)
    {
        var result = ContractLoader.Parse(yaml);
        Assert.False(result.IsValid);
        Assert.Null(result.Contract);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void Threshold_out_of_range_names_its_line_and_the_allowed_range()
    {
        var error = SingleError(Replace("mql_threshold: 60", "mql_threshold: 0"));

        Assert.Equal(LineOf("mql_threshold:"), error.Line);
        Assert.Equal(18, error.Column);
        Assert.Equal("scoring.mql_threshold", error.Path);
        Assert.Equal($"line {LineOf("mql_threshold:")}, column 18: scoring.mql_threshold must be between 1 and 1000 (got 0)", error.ToString());
    }

    [Fact]
    public void Threshold_that_is_not_a_number_is_reported()
    {
        var error = SingleError(Replace("mql_threshold: 60", "mql_threshold: sixty"));

        Assert.Contains("must be a whole number between 1 and 1000 (got 'sixty')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Misspelt_key_is_unknown_with_a_suggestion_and_the_real_key_is_missing()
    {
        var errors = ContractLoader.Parse(Replace("mql_threshold: 60", "mql_treshold: 60")).Errors;

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Message == "unknown key 'mql_treshold' in scoring (did you mean 'mql_threshold'?)" && e.Line == LineOf("mql_threshold:"));
        Assert.Contains(errors, e => e.Message == "scoring is missing required key 'mql_threshold'" && e.Line == LineOf("mql_threshold:"));
    }

    [Fact]
    public void Unknown_top_level_key_is_an_error()
    {
        var yaml = ContractLoader.DefaultYaml + "\nsurprise: true\n";
        var error = SingleError(yaml);

        Assert.Equal(yaml.Split('\n').Length - 1, error.Line);
        Assert.StartsWith("unknown key 'surprise' at the top level; expected one of:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Routing_rule_naming_an_unknown_team_is_an_error_at_the_reference()
    {
        var yaml = Replace("      team: emea\n", "      team: emia\n");
        var error = SingleError(yaml);

        Assert.Equal(LineOf("team: emea", LineOf("rules:")) , error.Line);
        Assert.Equal(13, error.Column);
        Assert.StartsWith("routing.rules[2].team names unknown team 'emia' (did you mean 'emea'?); declared: na_enterprise, na_mid_market, emea, inbound_general", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disposition_reason_referenced_but_not_declared_is_an_error()
    {
        var error = SingleError(Replace("acceptance_excluded_reasons: [duplicate, bad_data]", "acceptance_excluded_reasons: [duplicate, spam]"));

        Assert.Equal(LineOf("acceptance_excluded_reasons:"), error.Line);
        Assert.Contains("names unknown disposition reason 'spam'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Signal_naming_an_undeclared_activity_type_is_an_error()
    {
        var error = SingleError(Replace("activity: webinar_attended", "activity: webinar_joined"));

        Assert.Equal("scoring.behaviour.signals[3].activity", error.Path);
        Assert.Contains("unknown activity type 'webinar_joined'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Team_naming_an_unknown_calendar_is_an_error()
    {
        var error = SingleError(Replace("calendar: emea", "calendar: apac"));

        Assert.Contains("names unknown calendar 'apac'", error.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf("calendar: emea"), error.Line);
    }

    [Fact]
    public void Duplicate_ids_point_at_the_second_declaration()
    {
        var yaml = Replace("  - id: no_timing\n", "  - id: no_fit\n");
        var errors = ContractLoader.Parse(yaml).Errors;

        Assert.Contains(errors, e => e.Message.Contains("disposition reason id 'no_fit' is declared twice", StringComparison.Ordinal)
            && e.Line == LineOf("- id: no_timing"));
    }

    [Fact]
    public void Invalid_time_zone_is_an_error()
    {
        var error = SingleError(Replace("time_zone: Europe/London", "time_zone: Europe/Londn"));

        Assert.Equal(LineOf("time_zone: Europe/London"), error.Line);
        Assert.Contains("is not a known IANA time zone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_follow_up_window_explains_the_format()
    {
        var error = SingleError(Replace("within: 24 hours", "within: a day"));

        Assert.Equal("follow_up[1].within", error.Path);
        Assert.Contains("e.g. '4 business_hours'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Criterion_on_an_unknown_field_suggests_the_right_one()
    {
        var error = SingleError(Replace("field: job_title", "field: jobtitle"));

        Assert.Contains("'jobtitle' is not a lead field (did you mean 'job_title'?)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Range_test_on_a_text_field_is_an_error()
    {
        var error = SingleError(Replace("field: annual_revenue", "field: industry"));

        Assert.Contains("industry is not a number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreachable_threshold_is_an_error()
    {
        var error = SingleError(Replace("mql_threshold: 60", "mql_threshold: 900"));

        Assert.Equal("scoring.mql_threshold 900 can never be reached: fit and behaviour points add up to at most 145", error.Message);
    }

    [Fact]
    public void Escalation_step_needs_exactly_one_trigger()
    {
        var error = SingleError(Replace("    on_breach_number: 2\n", ""));

        Assert.Contains("must have exactly one trigger", error.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf("- id: reassign_on_second_breach"), error.Line);
    }

    [Fact]
    public void Webhook_must_be_an_http_url()
    {
        var error = SingleError(Replace("    action: notify_manager\n", "    action: notify_manager\n    webhook_url: ftp://example.com/hook\n"));

        Assert.Contains("must be an absolute http:// or https:// URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_company_size_bands_are_an_error()
    {
        var error = SingleError(Replace("    min_arr: 50000000\n", "    min_arr: 40000000\n"));

        Assert.Contains("'mid_market' and 'enterprise' overlap", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rates_must_be_fractions()
    {
        var error = SingleError(Replace("acceptance_rate: 0.70", "acceptance_rate: 70"));

        Assert.Equal("commitments.sales.acceptance_rate must be between 0 and 1 (got 70)", error.Message);
    }

    [Fact]
    public void Every_error_is_reported_not_just_the_first()
    {
        var yaml = Replace("mql_threshold: 60", "mql_threshold: 5000");
        yaml = yaml.Replace("time_zone: Europe/London", "time_zone: Mars/Olympus", StringComparison.Ordinal);
        yaml = yaml.Replace("      team: emea\n", "      team: nowhere\n", StringComparison.Ordinal);

        var errors = ContractLoader.Parse(yaml).Errors;

        Assert.Equal(3, errors.Count);
        Assert.Equal(errors.OrderBy(e => e.Line).ToList(), errors);
    }

    [Fact]
    public void Invalid_yaml_reports_the_syntax_error_position()
    {
        var error = SingleError("version: 1\nscoring: [unclosed\n");

        Assert.True(error.Line >= 2);
        Assert.StartsWith("the document is not valid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_keys_are_a_yaml_error()
    {
        var error = SingleError(Replace("mql_threshold: 60", "mql_threshold: 60\n  mql_threshold: 70"));

        Assert.StartsWith("the document is not valid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_document_is_an_error()
    {
        var error = SingleError("");

        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Load_throws_with_every_error_in_the_message()
    {
        var ex = Assert.Throws<ContractValidationException>(() => ContractLoader.Load(Replace("mql_threshold: 60", "mql_threshold: 0")));

        Assert.Single(ex.Errors);
        Assert.Contains("scoring.mql_threshold must be between 1 and 1000", ex.Message, StringComparison.Ordinal);
    }
}
