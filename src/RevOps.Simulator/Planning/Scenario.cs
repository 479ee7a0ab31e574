namespace RevOps.Simulator.Planning;

/// <summary>
/// How a simulated market behaves. The funnel rates are the answers a scorecard can be checked against:
/// <see cref="MeetingRate"/> of all leads reach a meeting (accepted by sales), <see cref="OpportunityRate"/> of those
/// become opportunities, <see cref="WinRate"/> of those close won.
/// </summary>
/// <param name="IcpShare">Share of leads inside the contract's ICP (every ICP criterion met).</param>
/// <param name="NoMeetingMqlShare">Share of the leads without a meeting that still reach MQL, are worked and rejected.</param>
/// <param name="LateShare">Share of those rejected leads whose rep answers only after the follow-up deadlines, so clocks breach.</param>
public sealed record Scenario(
    string Name, double IcpShare, double MeetingRate, double OpportunityRate, double WinRate, double NoMeetingMqlShare, double LateShare)
{
    /// <summary>The gentle default: a mixed funnel with a few breaches.</summary>
    public static readonly Scenario Demo = new("demo", IcpShare: 0.55, MeetingRate: 0.35, OpportunityRate: 0.3, WinRate: 0.25,
        NoMeetingMqlShare: 0.5, LateShare: 0.2);

    /// <summary>The classic pair: 50% of leads to a meeting, 30% of those to an opportunity, 20% of those closed.</summary>
    public static readonly Scenario CompanyA = new("company-a", IcpShare: 0.5, MeetingRate: 0.5, OpportunityRate: 0.3, WinRate: 0.2,
        NoMeetingMqlShare: 0.5, LateShare: 0.15);

    /// <summary>The better-run company of the pair: 80% / 40% / 35%.</summary>
    public static readonly Scenario CompanyB = new("company-b", IcpShare: 0.6, MeetingRate: 0.8, OpportunityRate: 0.4, WinRate: 0.35,
        NoMeetingMqlShare: 0.5, LateShare: 0.1);

    public static IReadOnlyList<Scenario> All { get; } = [Demo, CompanyA, CompanyB];

    public static Scenario Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown scenario '{name}'; choose one of: {string.Join(", ", All.Select(s => s.Name))}.");
}
