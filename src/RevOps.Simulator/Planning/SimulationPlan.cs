namespace RevOps.Simulator.Planning;

/// <summary>
/// The timeline of a run, ordered by simulated time. <see cref="Actions"/> is computed lazily from the seed, so an unbounded
/// plan costs memory only for the journeys in progress, and enumerating it again gives the same requests.
/// </summary>
/// <param name="Backdate">How far before the real start the simulated clock starts (see SimulatedClock).</param>
public sealed record SimulationPlan(SimulatorOptions Options, Scenario Scenario, TimeSpan Backdate, IEnumerable<PlannedAction> Actions);
