using System.Net;
using System.Text.Json;
using Google.Protobuf;
using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.Hosting;
using RevOps.RevenueContract;

// Each test class starts the whole AppHost graph; two at once would only starve each other on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace RevOps.EndToEnd.Tests;

/// <summary>
/// The whole AppHost graph with a version 2 of the contract proposed and signed through scoring, and every other service
/// confirmed on it. Version 2 qualifies at 10 points instead of 60, sends unmatched leads to a team only it declares, adds a
/// one-hour follow-up clause and gives sales one minute to accept or reject, so each service's use of it can be seen.
/// </summary>
public sealed class ContractV2Stack : IAsyncLifetime
{
    public const string V2Team = "contract_v2_inbound";
    public const string V2Clause = "call_within_an_hour";
    public static readonly string[] Followers = ["routing", "sla", "reporting"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private readonly List<GrpcChannel> _channels = [];

    public DistributedApplication App { get; private set; } = null!;
    public CallInvoker Scoring { get; private set; } = null!;
    public CallInvoker Routing { get; private set; } = null!;
    public CallInvoker Sla { get; private set; } = null!;
    public CallInvoker Reporting { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var ct = timeout.Token;
        // Without the simulator: its leads would fill v2's team and its reps, and these tests count on both.
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.RevOps_AppHost>(["--no-simulator"], ct);
        App = await appHost.BuildAsync(ct);
        await App.StartAsync(ct);
        foreach (var name in Followers.Append("scoring"))
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(name, ct);
        }
        Scoring = Invoker("scoring");
        Routing = Invoker("routing");
        Sla = Invoker("sla");
        Reporting = Invoker("reporting");

        // Every follower asked scoring for the active version at start ...
        await Eventually.Async(async () => (await ContractHealthAsync()).All(d => d == "contract v1, confirmed by scoring"), ct);
        var proposed = await Calls.UnaryAsync<ProposeContractRequest, ContractVersionInfo>(Scoring, ContractReflection.Descriptor, "Propose",
            new ProposeContractRequest { Yaml = Version2Yaml(), ProposedBy = "ops@example.com", Comment = "end-to-end test" }, ct);
        if (proposed.Version != 2)
        {
            throw new InvalidOperationException($"Expected the proposal to be v2, got v{proposed.Version}.");
        }
        foreach (var side in new[] { SigningSide.Marketing, SigningSide.Sales })
        {
            await Calls.UnaryAsync<SignContractRequest, SignContractResponse>(Scoring, ContractReflection.Descriptor, "Sign",
                new SignContractRequest { Version = 2, Side = side, Signer = $"{side}@example.com" }, ct);
        }
        // ... and each hears of the signed version without a restart.
        await Eventually.Async(async () => (await ContractHealthAsync()).All(d => d == "contract v2, confirmed by scoring"), ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }

    /// <summary>The "contract" check of each follower's /health.</summary>
    public async Task<IReadOnlyList<string?>> ContractHealthAsync()
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var descriptions = new List<string?>();
        foreach (var service in Followers)
        {
            using var response = await http.GetAsync(new Uri(App.GetEndpoint(service, "http"), "/health"));
            using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            descriptions.Add(response.StatusCode == HttpStatusCode.OK
                ? health.RootElement.GetProperty("checks").GetProperty("contract").GetProperty("description").GetString()
                : null);
        }
        return descriptions;
    }

    /// <summary>A lead worth 25 points (the role), from a country no routing rule matches: an MQL only under v2, for v2's default team.</summary>
    public Task<SubmitLeadResponse> SubmitV2OnlyMqlAsync(CancellationToken ct) =>
        Calls.UnaryAsync<SubmitLeadRequest, SubmitLeadResponse>(Scoring, IngestionReflection.Descriptor, "SubmitLead", new SubmitLeadRequest
        {
            Lead = new LeadInput
            {
                Email = $"{Guid.NewGuid():N}@example.com", JobTitle = "VP Growth", Country = "BR", Region = "LATAM",
                Source = "web_form", ExternalId = Guid.NewGuid().ToString("N"),
            },
        }, ct);

    /// <summary>Routing's decisions for the lead, oldest first; empty until routing has seen it.</summary>
    public async Task<IReadOnlyList<RoutingDecision>> DecisionsAsync(string leadId, CancellationToken ct)
    {
        try
        {
            return (await Calls.UnaryAsync<ExplainAssignmentRequest, ExplainAssignmentResponse>(Routing, RoutingReflection.Descriptor,
                "ExplainAssignment", new ExplainAssignmentRequest { LeadId = leadId }, ct)).Decisions;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return [];
        }
    }

    public async Task<IReadOnlyList<SlaClock>> ClocksAsync(string leadId, CancellationToken ct) =>
        (await Calls.UnaryAsync<GetClocksRequest, GetClocksResponse>(Sla, SlaReflection.Descriptor, "GetClocks",
            new GetClocksRequest { LeadId = leadId }, ct)).Clocks;

    /// <summary>The breaches on reporting's scorecard of v2's team, for the day around now.</summary>
    public async Task<IReadOnlyList<Breach>> ScorecardBreachesAsync(CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var request = new GetScorecardRequest
        {
            Period = new Period { From = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(now.AddDays(-1)), To = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(now.AddHours(1)) },
            Filter = new ReportFilter { TeamId = V2Team },
        };
        return (await Calls.UnaryAsync<GetScorecardRequest, Scorecard>(Reporting, ReportingReflection.Descriptor, "GetScorecard", request, ct)).Breaches;
    }

    private static string Version2Yaml()
    {
        var yaml = ContractLoader.DefaultYaml;
        var edits = new (string From, string To)[]
        {
            ("  mql_threshold: 60\n", "  mql_threshold: 10\n"),
            ("  default_team: inbound_general\n", $"  default_team: {V2Team}\n"),
            ("  teams:\n", $"  teams:\n    - id: {V2Team}\n      label: Inbound under contract v2\n      calendar: us_eastern\n      fallback_queue: v2_queue\n      manager: mgr_inbound\n"),
            ("follow_up:\n", $"follow_up:\n  - id: {V2Clause}\n    label: A call within an hour\n    met_by: touch\n    within: 1 hours\n"),
            ("    met_by: disposition\n    within: 24 hours\n", "    met_by: disposition\n    within: 1 minutes\n"),
        };
        foreach (var (from, to) in edits)
        {
            yaml = yaml.Contains(from, StringComparison.Ordinal)
                ? yaml.Replace(from, to, StringComparison.Ordinal)
                : throw new InvalidOperationException($"The default contract no longer contains '{from.Trim()}'; update this test's v2.");
        }
        return yaml;
    }

    private CallInvoker Invoker(string service)
    {
        var channel = GrpcChannel.ForAddress(App.GetEndpoint(service, "grpc"));
        _channels.Add(channel);
        return channel.CreateCallInvoker();
    }
}

public sealed class ContractPropagationTests(ContractV2Stack stack) : IClassFixture<ContractV2Stack>
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_version_signed_in_scoring_is_what_scoring_routing_and_sla_judge_the_next_lead_by()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TestTimeout);
        var ct = timeout.Token;

        var submitted = await stack.SubmitV2OnlyMqlAsync(ct);
        Assert.Equal(2, submitted.ContractVersion);
        Assert.True(submitted.Qualified, $"a {submitted.Score.TotalScore}-point lead should qualify under v2");

        var decision = (await Eventually.ValueAsync(async () => (await stack.DecisionsAsync(submitted.LeadId, ct)).FirstOrDefault(), ct))!;
        Assert.Equal((2, ContractV2Stack.V2Team), (decision.ContractVersion, decision.TeamId));

        var clock = await Eventually.ValueAsync(async () =>
            (await stack.ClocksAsync(submitted.LeadId, ct)).FirstOrDefault(c => c.ClauseId == ContractV2Stack.V2Clause), ct);
        Assert.Equal(2, clock.ContractVersion);
        Assert.Equal(TimeSpan.FromHours(1), clock.DueAt.ToDateTimeOffset() - clock.StartedAt.ToDateTimeOffset());
    }

    [Fact]
    public async Task A_lead_left_unanswered_breaches_accept_or_reject_and_routing_gives_it_to_another_rep()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TestTimeout);
        var ct = timeout.Token;
        // Two reps always at work in v2's team, so the reassignment has someone other than the first owner to choose.
        foreach (var repId in new[] { "v2-rep-a", "v2-rep-b" })
        {
            var rep = new RoutingRep { Id = repId, TeamId = ContractV2Stack.V2Team, Weight = 1, TimeZone = "UTC", MaxOpenLeads = 100, Active = true };
            rep.WorkingHours.AddRange(Enumerable.Range(0, 7).Select(day => new WorkingPeriod { Day = day, Start = "00:00", End = "00:00" }));
            await Calls.UnaryAsync<UpsertRepRequest, RoutingRep>(stack.Routing, RoutingReflection.Descriptor, "UpsertRep", new UpsertRepRequest { Rep = rep }, ct);
        }

        var submitted = await stack.SubmitV2OnlyMqlAsync(ct);
        var first = (await Eventually.ValueAsync(async () => (await stack.DecisionsAsync(submitted.LeadId, ct)).FirstOrDefault(), ct))!;
        Assert.StartsWith("v2-rep-", first.ChosenRepId, StringComparison.Ordinal);

        // Nobody accepts or rejects: one minute later SLA breaches the clause and escalates, and routing reassigns.
        var second = await Eventually.ValueAsync(async () => (await stack.DecisionsAsync(submitted.LeadId, ct)).Skip(1).FirstOrDefault(), ct);
        Assert.True(second.IsReassignment);
        Assert.Equal("escalated:accept_or_reject", second.Reason);
        Assert.Equal(first.ChosenRepId, second.PreviousOwnerRepId);
        Assert.NotEqual(first.ChosenRepId, second.ChosenRepId);
        Assert.StartsWith("v2-rep-", second.ChosenRepId, StringComparison.Ordinal);

        // SLA: the breached clock is history, the first owner's other clocks stopped, the new owner's clocks run.
        var clocks = await Eventually.ValueAsync(async () =>
        {
            var all = await stack.ClocksAsync(submitted.LeadId, ct);
            return all.Any(c => c.OwnerRepId == second.ChosenRepId) ? all : null;
        }, ct);
        Assert.Contains(clocks, c => c.OwnerRepId == first.ChosenRepId && c.ClauseId == "accept_or_reject" && c.State == SlaClockState.Breached);
        Assert.All(clocks.Where(c => c.OwnerRepId == first.ChosenRepId), c => Assert.NotEqual(SlaClockState.Running, c.State));
        Assert.Contains(clocks, c => c.OwnerRepId == second.ChosenRepId && c.ClauseId == "first_touch" && c.State == SlaClockState.Running);

        // The scorecard flags the breach until the manager explains it in SLA; then it shows that reason.
        var breach = await Eventually.ValueAsync(async () => (await stack.ScorecardBreachesAsync(ct)).FirstOrDefault(b => b.LeadId == submitted.LeadId), ct);
        Assert.Equal(("accept_or_reject", true, ""), (breach.ClauseId, breach.Unannotated, breach.Reason));
        await Calls.UnaryAsync<AnnotateBreachRequest, SlaBreach>(stack.Sla, SlaReflection.Descriptor, "AnnotateBreach",
            new AnnotateBreachRequest { BreachId = breach.BreachId, Reason = "rep in an all-day workshop", AnnotatedBy = "mgr_inbound" }, ct);
        var annotated = await Eventually.ValueAsync(async () =>
            (await stack.ScorecardBreachesAsync(ct)).FirstOrDefault(b => b.BreachId == breach.BreachId && !b.Unannotated), ct);
        Assert.Equal("rep in an all-day workshop", annotated.Reason);
    }
}

internal static class Calls
{
    public static async Task<TResponse> UnaryAsync<TRequest, TResponse>(
        CallInvoker invoker, Google.Protobuf.Reflection.FileDescriptor file, string method, TRequest request, CancellationToken ct)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        await invoker.AsyncUnaryCall(Method.Create<TRequest, TResponse>(file.Services[0].FindMethodByName(method)), null,
            new CallOptions(CancellationToken: ct), request);
}

/// <summary>Polls a condition that other processes make true, until the caller's token gives up.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    public static async Task Async(Func<Task<bool>> condition, CancellationToken ct)
    {
        while (!await condition())
        {
            await Task.Delay(Interval, ct);
        }
    }

    public static async Task<T> ValueAsync<T>(Func<Task<T?>> read, CancellationToken ct) where T : class
    {
        while (true)
        {
            if (await read() is { } value)
            {
                return value;
            }
            await Task.Delay(Interval, ct);
        }
    }
}
