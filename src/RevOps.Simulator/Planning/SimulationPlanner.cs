using RevOps.RevenueContract;
using RevOps.Simulator.Planning.Internal;
using RevOps.Simulator.Running;

namespace RevOps.Simulator.Planning;

/// <summary>
/// Turns a seed, a scenario and the options into the timeline of requests, with no I/O and no clock: the same inputs give
/// the same requests in the same order. Leads arrive at <see cref="SimulatorOptions.Rate"/> per real second (exponential
/// gaps), i.e. <see cref="SimulatorOptions.Acceleration"/> times further apart in simulated time.
/// </summary>
public static class SimulationPlanner
{
    public static SimulationPlan Plan(ContractDocument contract, Scenario scenario, SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new SimulationPlan(options, scenario, SimulatedClock.BackdateFor(options), Timeline(contract, scenario, options));
    }

    /// <summary>Merges the leads' journeys by time: a lead's requests all come after its arrival, so the next arrival bounds what is ready.</summary>
    private static IEnumerable<PlannedAction> Timeline(ContractDocument contract, Scenario scenario, SimulatorOptions options)
    {
        var arrivals = new Random(options.Seed);
        var lastArrival = options.Duration?.TotalSeconds * options.Acceleration;
        var ready = new PriorityQueue<PlannedAction, (TimeSpan At, int Lead, int Step)>();
        var lead = 0;
        var nextArrival = Gap(arrivals, options);
        while (true)
        {
            var arriving = lastArrival is null || nextArrival.TotalSeconds < lastArrival;
            if (arriving && (!ready.TryPeek(out _, out var first) || nextArrival <= first.At))
            {
                foreach (var action in Journeys.Plan(contract, scenario, options.Seed, lead, nextArrival))
                    ready.Enqueue(action, (action.At, action.Lead, action.Step));
                lead++;
                nextArrival += Gap(arrivals, options);
            }
            else if (ready.Count > 0)
            {
                yield return ready.Dequeue();
            }
            else
            {
                yield break;
            }
        }
    }

    private static TimeSpan Gap(Random arrivals, SimulatorOptions options) =>
        TimeSpan.FromSeconds(-Math.Log(1 - arrivals.NextDouble()) / options.Rate * options.Acceleration);
}
