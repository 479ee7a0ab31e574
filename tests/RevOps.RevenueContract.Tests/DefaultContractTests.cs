using RevOps.RevenueContract;

namespace RevOps.RevenueContract.Tests;

public class DefaultContractTests
{
    private readonly ContractDocument _contract = ContractLoader.LoadDefault();

    [Fact]
    public void Default_contract_loads_without_errors()
    {
        var result = ContractLoader.Parse(ContractLoader.DefaultYaml);

        Assert.Empty(result.Errors);
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Default_contract_file_beside_the_assembly_matches_the_embedded_resource()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "default-contract.yaml");

        Assert.Equal(ContractLoader.DefaultYaml, File.ReadAllText(path));
    }

    [Fact]
    public void Default_contract_encodes_the_typical_agreement()
    {
        Assert.Equal(1, _contract.Version);
        Assert.InRange(_contract.Scoring.MqlThreshold, 1, 1000);
        Assert.Equal(["qualified_role", "company_size", "decision_timeline", "budget_authority"], _contract.Scoring.FitCriteria.Select(c => c.Id));
        var size = _contract.Scoring.FitCriteria.Single(c => c.Id == "company_size").When;
        Assert.Equal(5_000_000m, size.Min);
        Assert.Equal(50_000_000m, size.Max);
        Assert.Equal(60m, _contract.Scoring.FitCriteria.Single(c => c.Id == "decision_timeline").When.Max);
        Assert.Equal(3, _contract.Scoring.Behaviour.Signals.Single(s => s.Id == "email_engagement").MinCount);
        Assert.Contains(_contract.Scoring.Behaviour.Signals, s => s.Id == "demo_request");
        Assert.Contains(_contract.Scoring.Behaviour.Signals, s => s.DetailContains == "/pricing");
        Assert.True(_contract.Scoring.Behaviour.HalfLifeDays > 0);
        Assert.Equal(["lead", "mql", "sql", "sao", "opportunity", "won", "lost"], _contract.Lifecycle.Select(s => s.Id));
        Assert.Equal(["no_fit", "no_timing", "no_contact", "competitor", "duplicate", "bad_data"], _contract.DispositionReasons.Select(r => r.Id));
        Assert.Equal(200, _contract.Commitments.Marketing.IcpFitMqlsPerMonth);
        Assert.Equal(0.90m, _contract.Commitments.Sales.FollowUpCompliance);
        Assert.Equal(0.70m, _contract.Commitments.Sales.AcceptanceRate);
    }

    [Fact]
    public void Default_follow_up_clauses_are_4_business_hours_24_hours_and_3_touches_in_5_business_days()
    {
        var firstTouch = _contract.FindClause("first_touch")!;
        var acceptOrReject = _contract.FindClause("accept_or_reject")!;
        var threeTouches = _contract.FindClause("three_touches")!;

        Assert.Equal(new ContractDuration(4, DurationUnit.BusinessHours), firstTouch.Within);
        Assert.Equal(FollowUpMetBy.Touch, firstTouch.MetBy);
        Assert.Equal(TimeSpan.FromHours(24), acceptOrReject.Within.ToTimeSpan());
        Assert.Equal(FollowUpMetBy.Disposition, acceptOrReject.MetBy);
        Assert.Equal(3, threeTouches.MinCount);
        Assert.Equal(new ContractDuration(5, DurationUnit.BusinessDays), threeTouches.Within);
    }

    [Fact]
    public void Default_escalation_notifies_the_manager_then_reassigns()
    {
        Assert.Equal(EscalationStepAction.NotifyManager, _contract.Escalation.Single(s => s.AppliesTo("first_touch", 1)).Action);
        Assert.Equal(EscalationStepAction.Reassign, _contract.Escalation.Single(s => s.AppliesTo("first_touch", 2)).Action);
        Assert.Contains(_contract.Escalation, s => s.AppliesTo("accept_or_reject", 1) && s.Action == EscalationStepAction.Reassign);
    }

    [Fact]
    public void Every_team_names_a_calendar_with_a_real_time_zone()
    {
        foreach (var team in _contract.Routing.Teams)
        {
            var calendar = _contract.FindCalendar(team.Calendar);
            Assert.NotNull(calendar);
            Assert.NotNull(calendar.FindTimeZone());
        }
    }

    [Fact]
    public void Company_size_bands_split_arr_at_5m_and_50m()
    {
        Assert.Equal("smb", _contract.CompanySizeBandFor(4_999_999m)?.Id);
        Assert.Equal("mid_market", _contract.CompanySizeBandFor(5_000_000m)?.Id);
        Assert.Equal("mid_market", _contract.CompanySizeBandFor(49_999_999m)?.Id);
        Assert.Equal("enterprise", _contract.CompanySizeBandFor(50_000_000m)?.Id);
        Assert.Null(_contract.CompanySizeBandFor(null));
    }

    [Fact]
    public void Sources_say_who_owns_them()
    {
        Assert.Equal(SourceOwner.Marketing, _contract.OwnerOfSource("web_form"));
        Assert.Equal(SourceOwner.Sales, _contract.OwnerOfSource("sdr_outbound"));
        Assert.Equal(SourceOwner.Unknown, _contract.OwnerOfSource("carrier_pigeon"));
    }
}
