using RevOps.RevenueContract;
using RevOps.Simulator.Running;

namespace RevOps.Simulator.Tests;

public class SimulatedRepsTests
{
    [Fact]
    public void Every_team_of_the_shipped_contract_gets_reps_available_around_the_clock_in_its_calendar_zone()
    {
        var contract = ContractLoader.LoadDefault();

        var roster = SimulatedReps.Roster(contract, repsPerTeam: 3);

        Assert.Equal(contract.Routing.Teams.Select(t => t.Id).Order(), roster.Select(r => r.TeamId).Distinct().Order());
        Assert.Equal(3 * contract.Routing.Teams.Count, roster.Select(r => r.Id).Distinct().Count());
        Assert.All(roster, r => Assert.True(r.Active && r.WorkingHours.Count == 7 && r.WorkingHours.All(p => p.Start == "00:00" && p.End == "00:00")));
        Assert.Equal("Europe/London", roster.First(r => r.TeamId == "emea").TimeZone);
    }

    [Fact]
    public void A_team_a_later_contract_adds_is_left_to_real_people()
    {
        const string addedTeam = "field_sales";
        var yaml = ContractLoader.DefaultYaml.Replace("  teams:\n",
            $"  teams:\n    - id: {addedTeam}\n      calendar: us_eastern\n      fallback_queue: field_queue\n      manager: mgr_field\n", StringComparison.Ordinal);
        var contract = ContractLoader.Load(yaml);
        Assert.NotNull(contract.FindTeam(addedTeam));

        var roster = SimulatedReps.Roster(contract, repsPerTeam: 2);

        Assert.DoesNotContain(roster, r => r.TeamId == addedTeam);
        Assert.Equal(2 * (contract.Routing.Teams.Count - 1), roster.Count);
    }
}
