using RevOps.Contracts.Events;
using RevOps.Reporting.Tests;

namespace RevOps.Reporting.ServiceTests.Infrastructure;

/// <summary>
/// Four leads captured at <paramref name="start"/>, with values worked out by hand:
/// L1 touched after 30 min, accepted, won 10,000 USD; L2 touched after 120 min, rejected "no_fit";
/// L3 breached first touch (escalated; annotated "rep out sick"), touched after 294 min, accepted; L4 sales-sourced, captured only.
/// </summary>
internal sealed class Story(DateTimeOffset start)
{
    public LeadEvents L1 { get; } = new(Guid.NewGuid(), start);
    public LeadEvents L2 { get; } = new(Guid.NewGuid(), start);
    public LeadEvents L3 { get; } = new(Guid.NewGuid(), start);
    public LeadEvents L4 { get; } = new(Guid.NewGuid(), start);
    public Guid L3Breach { get; } = Guid.NewGuid();

    public LeadRejected L2Rejection { get; private set; } = null!;

    public IReadOnlyList<IIntegrationEvent> Events()
    {
        L2Rejection = L2.Rejected(156, "no_fit");
        return
        [
            L1.Captured(0), L1.Qualified(5, fit: 50, behaviour: 30), L1.Assigned(6), L1.ClockStarted(6, dueMinutes: 246),
            L1.Touched(36), L1.ClockMet(36, dueMinutes: 246), L1.Accepted(66),
            L1.Opportunity(1000, "discovery", OpportunityOutcome.Open, 0m), L1.Opportunity(2000, "closed_won", OpportunityOutcome.Won, 10_000m),

            L2.Captured(0), L2.Qualified(5, fit: 40, behaviour: 30), L2.Assigned(6), L2.ClockStarted(6, dueMinutes: 246),
            L2.Touched(126), L2.ClockMet(126, dueMinutes: 246), L2Rejection,

            L3.Captured(0), L3.Qualified(5, fit: 45, behaviour: 35), L3.Assigned(6), L3.ClockStarted(6, dueMinutes: 246),
            L3.Breached(247, dueMinutes: 246, L3Breach), L3.Escalated(248, L3Breach, "not touched within 4 business hours"),
            L3.Annotated(290, L3Breach, "rep out sick"), L3.Touched(300), L3.Accepted(400),

            L4.Captured(0, source: "sales_outbound", marketingSourced: false, campaign: null),
        ];
    }

    /// <summary>The events in a seeded random order, some of them twice with the same message id (redelivery).</summary>
    public static List<IIntegrationEvent> Shuffled(IReadOnlyList<IIntegrationEvent> events, int seed)
    {
        var random = new Random(seed);
        var result = new List<IIntegrationEvent>(events);
        result.AddRange(events.Where(_ => random.Next(3) == 0));
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(result));
        return result;
    }
}
