using Google.Protobuf;
using RevOps.Contracts.V1;
using RevOps.RevenueContract;
using static RevOps.Simulator.Planning.Internal.LeadProfiles;

namespace RevOps.Simulator.Planning.Internal;

/// <summary>
/// One lead's journey: captured, engaging with marketing, then (once an MQL) worked by its rep: touched, accepted and met, or
/// rejected with a contract reason; met leads may become opportunities that close won or lost. Its own random stream
/// (seed, lead number) keeps it independent of how many leads came before.
/// </summary>
internal static class Journeys
{
    /// <summary>Planned scores clear (or stay under) the MQL threshold by this much, so a few days of behaviour decay change nothing.</summary>
    public const int ScoreMargin = 10;

    /// <summary>How much likelier an ICP lead is to reach a meeting; the scenario's overall meeting rate is kept.</summary>
    private const double IcpLift = 0.25;

    /// <summary>Share of late steps whose breaches the team's manager explains right after; the rest stay flagged on the scorecard.</summary>
    private const double ExplainedShare = 0.75;

    private static readonly string[] BreachReasons =
    [
        "rep out sick", "rep in back-to-back customer demos", "lead arrived during the team offsite", "rep on holiday, no cover set up",
    ];

    private const string ActivitySource = "marketing_automation";
    private const string NoFit = "no_fit";

    public static List<PlannedAction> Plan(ContractDocument contract, Scenario scenario, int seed, int lead, TimeSpan capturedAt)
    {
        var random = new Random(LeadSeed(seed, lead));
        var wantsIcp = random.NextDouble() < scenario.IcpShare;
        var meeting = random.NextDouble() < MeetingRate(scenario, wantsIcp);
        var opportunity = meeting && random.NextDouble() < scenario.OpportunityRate;
        var won = opportunity && random.NextDouble() < scenario.WinRate;
        var wantsMql = meeting || random.NextDouble() < scenario.NoMeetingMqlShare;

        var threshold = contract.Scoring.MqlThreshold;
        var (input, fit, icp) = Create(random, contract, wantsIcp, wantsMql ? null : threshold - ScoreMargin, seed, lead);
        var behaviour = contract.Scoring.Behaviour;
        var activities = wantsMql
            ? Activities(random, behaviour, atLeast: threshold + ScoreMargin - fit, atMost: null)
            : Activities(random, behaviour, atLeast: null, atMost: threshold - ScoreMargin - fit);
        var mql = fit + Points(behaviour.Signals, activities) >= threshold;

        var journey = new Journey(seed, lead);
        journey.Add(capturedAt, new SubmitLeadRequest { Lead = input });
        var engaged = capturedAt;
        foreach (var (offset, (type, detail)) in activities.Select(a => (Between(random, TimeSpan.FromMinutes(2), TimeSpan.FromHours(3)), a)).OrderBy(a => a.Item1))
        {
            engaged = capturedAt + offset;
            journey.Add(engaged, new RecordActivityRequest
            {
                ActivityType = type,
                Detail = detail,
                Source = ActivitySource,
                ExternalId = journey.NextKey,
            });
        }
        if (mql)
            PlanSales(journey, random, contract, scenario, engaged, icp, meeting, opportunity, won, input);
        return journey.Finish();
    }

    private static void PlanSales(Journey journey, Random random, ContractDocument contract, Scenario scenario, TimeSpan qualified,
        bool icp, bool meeting, bool opportunity, bool won, LeadInput lead)
    {
        // Leads nobody meets are the ones a slow rep lets sit past the deadlines.
        var late = !meeting && random.NextDouble() < scenario.LateShare;
        var at = qualified + (late ? Between(random, TimeSpan.FromHours(5), TimeSpan.FromHours(8)) : Between(random, TimeSpan.FromMinutes(5), TimeSpan.FromHours(3)));
        journey.Add(at, Touch("call"), late);
        ExplainBreaches(journey, random, at, late);
        if (!meeting)
        {
            at += Between(random, TimeSpan.FromHours(1), TimeSpan.FromHours(12));
            journey.Add(at, Touch("email"));
            at += late ? Between(random, TimeSpan.FromHours(20), TimeSpan.FromHours(30)) : Between(random, TimeSpan.FromMinutes(30), TimeSpan.FromHours(6));
            journey.Add(at, new RecordDispositionRequest
            {
                Disposition = Disposition.Reject,
                ReasonCode = RejectionReason(random, contract, icp),
                Note = late ? "simulated: answered after the deadline" : "simulated",
            }, late);
            ExplainBreaches(journey, random, at, late);
            return;
        }

        at += Between(random, TimeSpan.FromMinutes(30), TimeSpan.FromHours(12));
        journey.Add(at, new RecordDispositionRequest { Disposition = Disposition.Accept, Note = "simulated" });
        at += Between(random, TimeSpan.FromDays(1), TimeSpan.FromDays(5));
        journey.Add(at, Touch("meeting"));
        if (!opportunity)
            return;

        var estimate = Amount(random, lead);
        var opportunityId = $"sim-{journey.Seed}-{journey.Lead}-opportunity";
        at += Between(random, TimeSpan.FromDays(1), TimeSpan.FromDays(7));
        journey.Add(at, Opportunity(opportunityId, "discovery", OpportunityStatus.Open, estimate));
        at += Between(random, TimeSpan.FromDays(3), TimeSpan.FromDays(14));
        journey.Add(at, Opportunity(opportunityId, "proposal", OpportunityStatus.Open, estimate));
        at += Between(random, TimeSpan.FromDays(7), TimeSpan.FromDays(30));
        journey.Add(at, won
            ? Opportunity(opportunityId, "closed_won", OpportunityStatus.Won, RoundAmount(estimate * (decimal)Uniform(random, 0.85, 1.1)))
            : Opportunity(opportunityId, "closed_lost", OpportunityStatus.Lost, estimate));
    }

    /// <summary>
    /// Activities for behaviour signals worth at least <paramref name="atLeast"/> or at most <paramref name="atMost"/> points, plus a
    /// few that earn nothing more (a visit to the blog, a second newsletter open).
    /// </summary>
    private static List<(string Type, string Detail)> Activities(Random random, BehaviourRules behaviour, int? atLeast, int? atMost)
    {
        var points = 0;
        var activities = new List<(string Type, string Detail)>();
        foreach (var signal in behaviour.Signals.OrderBy(_ => random.Next()))
        {
            var take = atLeast is { } need ? points < need : points + signal.Points <= atMost && random.NextDouble() < 0.5;
            if (!take)
                continue;
            points += signal.Points;
            activities.AddRange(Enumerable.Repeat((signal.Activity, DetailFor(signal.Activity, signal.DetailContains)), signal.MinCount));
        }
        var noise = random.Next(0, 4);
        for (var attempt = 0; attempt < 3 * noise && noise > 0; attempt++)
        {
            var type = Pick(random, behaviour.ActivityTypes).Id;
            var detail = type == "page_visited" ? DetailFor(type, Pick(random, ["/blog/lead-scoring", "/blog/sla-basics", "/careers", "/about"])) : DetailFor(type, null);
            if (Points(behaviour.Signals, [.. activities, (type, detail)]) != Points(behaviour.Signals, activities))
                continue;
            activities.Add((type, detail));
            noise--;
        }
        return activities;
    }

    /// <summary>The behaviour points the contract gives these activities before decay: each signal once its min_count is reached.</summary>
    private static int Points(IReadOnlyList<BehaviourSignal> signals, IReadOnlyList<(string Type, string Detail)> activities) =>
        signals.Where(s => activities.Count(a => s.Matches(a.Type, a.Detail)) >= s.MinCount).Sum(s => s.Points);

    private static string DetailFor(string activityType, string? contains) => contains switch
    {
        ['/', ..] => $"https://www.example.com{contains}",
        { Length: > 0 } => contains,
        _ => activityType switch
        {
            "page_visited" => "https://www.example.com/product",
            "demo_requested" => "https://www.example.com/demo",
            "webinar_attended" => "growth-webinar-series",
            "content_downloaded" => "revops-playbook.pdf",
            "form_submitted" => "contact-us",
            _ => "newsletter",
        },
    };

    /// <summary>After a late step, the manager may explain the breaches it left (the runner finds them in SLA).</summary>
    private static void ExplainBreaches(Journey journey, Random random, TimeSpan at, bool late)
    {
        if (late && random.NextDouble() < ExplainedShare)
            journey.Add(at, new AnnotateBreachRequest { Reason = Pick(random, BreachReasons) });
    }

    private static string RejectionReason(Random random, ContractDocument contract, bool icp)
    {
        var reasons = contract.DispositionReasons.Select(r => r.Id).ToList();
        if (!icp && reasons.Contains(NoFit) && random.NextDouble() < 0.7)
            return NoFit;
        var others = reasons.Where(r => r != NoFit).ToList();
        return Pick(random, others.Count > 0 ? others : reasons);
    }

    /// <summary>The meeting rate for ICP and non-ICP leads, tilted towards ICP leads while averaging to the scenario's rate.</summary>
    private static double MeetingRate(Scenario scenario, bool icp) =>
        Math.Clamp(scenario.MeetingRate * (icp ? 1 + IcpLift * (1 - scenario.IcpShare) : 1 - IcpLift * scenario.IcpShare), 0, 1);

    /// <summary>A deal sized to the company: a fraction of a percent of its revenue, within $5k-$250k.</summary>
    private static decimal Amount(Random random, LeadInput lead)
    {
        var revenue = lead.AnnualRevenue?.Units ?? 5_000_000;
        return RoundAmount(Math.Clamp(revenue * (decimal)Uniform(random, 0.002, 0.008), 5_000, 250_000));
    }

    private static decimal RoundAmount(decimal amount) => Math.Round(amount / 500) * 500;

    private static RecordTouchRequest Touch(string channel) => new() { Channel = channel, Note = $"simulated {channel}" };

    private static RecordOpportunityRequest Opportunity(string id, string stage, OpportunityStatus status, decimal amount) => new()
    {
        OpportunityId = id,
        Stage = stage,
        Status = status,
        Amount = new Money { CurrencyCode = "USD", Units = (long)amount },
    };

    private static TimeSpan Between(Random random, TimeSpan from, TimeSpan to) => from + (to - from) * random.NextDouble();

    /// <summary>An independent seed per lead (SplitMix64's finalizer over seed and lead number).</summary>
    private static int LeadSeed(int seed, int lead)
    {
        var z = (((ulong)(uint)seed << 32) | (uint)lead) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }

    /// <summary>Collects a journey's requests, numbering them and giving each its idempotency key.</summary>
    private sealed class Journey(int seed, int lead)
    {
        private readonly List<(TimeSpan At, IMessage Request, bool Late)> _steps = [];

        public int Seed => seed;
        public int Lead => lead;

        /// <summary>The key the next request will carry: the same on every run of the same seed, so reruns replay.</summary>
        public string NextKey => $"sim-{seed}-{lead}-{_steps.Count}";

        public void Add(TimeSpan at, IMessage request, bool late = false)
        {
            var key = NextKey;
            switch (request)
            {
                case SubmitLeadRequest r: r.IdempotencyKey = key; break;
                case RecordActivityRequest r: r.IdempotencyKey = key; break;
                case RecordTouchRequest r: r.IdempotencyKey = key; break;
                case RecordDispositionRequest r: r.IdempotencyKey = key; break;
                case RecordOpportunityRequest r: r.IdempotencyKey = key; break;
            }
            _steps.Add((at, request, late));
        }

        public List<PlannedAction> Finish() =>
            [.. _steps.Select((s, i) => new PlannedAction(s.At, lead, i, s.Request, s.Late, IsLastOfLead: i == _steps.Count - 1))];
    }
}
