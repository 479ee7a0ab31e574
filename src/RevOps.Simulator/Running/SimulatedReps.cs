using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.RevenueContract;

namespace RevOps.Simulator.Running;

/// <summary>
/// The reps the simulator plays, registered with routing at start: a few per team of the shipped contract's routing section
/// that the active contract still routes to. Teams a later version adds are left to real people.
/// </summary>
public sealed partial class SimulatedReps(RevOpsClient client, RetryingCaller caller, ILogger<SimulatedReps> logger)
{
    /// <summary>Room for every late lead a long demo leaves open; routing's capacity rules are not what the demo shows.</summary>
    private const int MaxOpenLeads = 5000;

    /// <summary>
    /// Rep ids do not depend on the seed: every run plays the same people, so reps of earlier runs never sit idle in
    /// routing's rotation. The first rep of each team is senior and takes twice the share.
    /// </summary>
    public static IReadOnlyList<RoutingRep> Roster(ContractDocument contract, int repsPerTeam)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var reps = new List<RoutingRep>();
        var shipped = ContractLoader.LoadDefault().Routing.Teams.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var team in contract.Routing.Teams.Where(t => shipped.Contains(t.Id)))
        {
            var zone = contract.FindCalendar(team.Calendar)?.TimeZone ?? "UTC";
            for (var i = 1; i <= repsPerTeam; i++)
            {
                var rep = new RoutingRep { Id = $"sim-{team.Id}-{i}", TeamId = team.Id, Weight = i == 1 ? 2 : 1, TimeZone = zone, MaxOpenLeads = MaxOpenLeads, Active = true };
                rep.WorkingHours.AddRange(AroundTheClock());
                reps.Add(rep);
            }
        }
        return reps;
    }

    public async Task<int> RegisterAsync(IReadOnlyList<RoutingRep> roster, CancellationToken ct)
    {
        var registered = 0;
        foreach (var rep in roster)
        {
            if (await caller.CallAsync("UpsertRep", c => client.UpsertRepAsync(new UpsertRepRequest { Rep = rep }, c), ct) is not null)
                registered++;
        }
        LogRegistered(logger, registered, roster.Count);
        return registered;
    }

    /// <summary>
    /// Takes the reps out of rotation when the simulator stops, so nobody's leads wait on reps no one plays. One try each and no
    /// retries: when the whole AppHost stops, routing is going down at the same moment.
    /// </summary>
    public async Task StandDownAsync(IReadOnlyList<RoutingRep> roster, CancellationToken ct)
    {
        foreach (var rep in roster)
        {
            var request = new SetAvailabilityRequest { RepId = rep.Id, Active = false };
            request.WorkingHours.AddRange(rep.WorkingHours);
            try
            {
                await client.SetAvailabilityAsync(request, ct);
            }
            catch (RpcException e)
            {
                LogStillActive(logger, roster.Count, e.StatusCode);
                return;
            }
        }
    }

    // The simulated team answers at any hour, so a demo started in the evening still gets its leads assigned.
    private static IEnumerable<WorkingPeriod> AroundTheClock() =>
        Enumerable.Range(0, 7).Select(day => new WorkingPeriod { Day = day, Start = "00:00", End = "00:00" });

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered {Registered} of {Total} simulated reps with routing")]
    private static partial void LogRegistered(ILogger logger, int registered, int total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Routing answered {Status}: the {Count} simulated reps stay active until the next run registers them again")]
    private static partial void LogStillActive(ILogger logger, int count, StatusCode status);
}
