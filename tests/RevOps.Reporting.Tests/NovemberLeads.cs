using RevOps.Contracts.Events;
using RevOps.Reporting.Domain;

namespace RevOps.Reporting.Tests;

/// <summary>
/// A seeded set of leads for November 2026 whose scorecard and funnel were worked out by hand (see the tests'
/// comments). L7 was captured in October; everything else in November.
/// </summary>
internal static class NovemberLeads
{
    public static readonly ReportPeriod November = ReportPeriod.Month(2026, 11);

    public static readonly Guid L1 = Id(1), L2 = Id(2), L3 = Id(3), L4 = Id(4), L5 = Id(5), L6 = Id(6), L7 = Id(7), L8 = Id(8), L9 = Id(9);

    public static DateTimeOffset T(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    public static DateTimeOffset N(int day, int hour, int minute = 0) => T(11, day, hour, minute);

    public static IReadOnlyList<LeadFact> Leads { get; } =
    [
        Lead(L1, N(2, 9), "webinar", marketing: true) with
        {
            MqlAt = N(2, 10), IcpFit = true, AssignedAt = N(2, 10), FirstTouchDueAt = N(2, 14), FirstTouchAt = N(2, 10, 30),
            AcceptedAt = N(3, 9), SaoAt = N(5, 9), OpportunityAt = N(6, 9), WonAt = N(20, 10), Outcome = OpportunityOutcome.Won,
            Amount = 10_000m, Currency = "USD",
        },
        Lead(L2, N(3, 9), "webinar", marketing: true) with
        {
            MqlAt = N(3, 9, 30), IcpFit = true, AssignedAt = N(3, 9, 30), FirstTouchDueAt = N(3, 13, 30), FirstTouchAt = N(3, 11, 30),
            RejectedAt = N(4, 9), RejectionReason = "no_fit",
        },
        Lead(L3, N(4, 8), "sales_outbound", marketing: false) with
        {
            MqlAt = N(4, 9), IcpFit = false, AssignedAt = N(4, 9), FirstTouchDueAt = N(4, 13), FirstTouchBreachedAt = N(4, 13),
            FirstBreachAt = N(4, 13), FirstTouchAt = N(4, 15), AcceptedAt = N(5, 9), SaoAt = N(10, 9), OpportunityAt = N(10, 9),
            LostAt = N(25, 9), Outcome = OpportunityOutcome.Lost, Amount = 5_000m, Currency = "USD",
        },
        Lead(L4, N(5, 8), "webinar", marketing: true) with
        {
            MqlAt = N(5, 9), IcpFit = true, AssignedAt = N(5, 9), FirstTouchDueAt = N(5, 13), FirstTouchAt = N(5, 9, 10),
            AcceptedAt = N(6, 9), SaoAt = N(12, 9), OpportunityAt = N(12, 9), Outcome = OpportunityOutcome.Open, Amount = 8_000m, Currency = "USD",
        },
        Lead(L5, N(6, 8), "webinar", marketing: true) with
        {
            MqlAt = N(6, 9), IcpFit = true, AssignedAt = N(6, 9), FirstTouchDueAt = N(6, 13), FirstTouchBreachedAt = N(6, 13),
            FirstBreachAt = N(6, 13), RejectedAt = N(8, 9), RejectionReason = "no_timing",
        },
        Lead(L6, N(7, 8), "webinar", marketing: true),
        Lead(L7, T(10, 28, 9), "webinar", marketing: true) with
        {
            MqlAt = T(10, 28, 10), IcpFit = true, AssignedAt = T(10, 28, 10), FirstTouchDueAt = T(10, 28, 14), FirstTouchAt = T(10, 28, 11),
            AcceptedAt = N(2, 9), SaoAt = N(3, 9), OpportunityAt = N(3, 9), WonAt = N(15, 10), Outcome = OpportunityOutcome.Won,
            Amount = 20_000m, Currency = "USD",
        },
        Lead(L8, N(28, 8), "webinar", marketing: true) with
        {
            MqlAt = N(28, 9), IcpFit = true, AssignedAt = N(28, 9), FirstTouchDueAt = N(28, 13), FirstTouchAt = N(28, 9, 20),
        },
        Lead(L9, N(9, 9), "partner", marketing: true) with
        {
            MqlAt = N(9, 9), IcpFit = false, SaoAt = N(15, 9), OpportunityAt = N(15, 9), WonAt = N(21, 9), Outcome = OpportunityOutcome.Won,
            Amount = 3_000m, Currency = "EUR",
        },
    ];

    public static IReadOnlyList<BreachFact> Breaches { get; } =
    [
        Breach(L3, N(4, 13), "first_touch", reason: "rep in training"),
        Breach(L5, N(6, 13), "first_touch", reason: null),
        Breach(L5, N(7, 13), "accept_or_reject", reason: null),
        Breach(L7, T(10, 28, 15), "first_touch", reason: null),
    ];

    public static LeadFact Lead(Guid id, DateTimeOffset capturedAt, string source, bool marketing) => LeadFact.Empty(id) with
    {
        ContractVersion = 1,
        CapturedAt = capturedAt,
        CaptureEventId = Guid.NewGuid(),
        Source = source,
        Campaign = "q4",
        Segment = "mid_market",
        MarketingSourced = marketing,
        MarketingInfluenced = marketing,
        TeamId = "emea",
        OwnerRepId = "rep-1",
    };

    public static BreachFact Breach(Guid leadId, DateTimeOffset at, string clause, string? reason) => BreachFact.Empty(Guid.NewGuid(), leadId) with
    {
        ClauseId = clause,
        BreachedAt = at,
        DueAt = at,
        TeamId = "emea",
        Reason = reason,
    };

    private static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:D12}");
}
