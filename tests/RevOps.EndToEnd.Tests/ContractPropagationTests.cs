using System.Net;
using System.Text.Json;
using Google.Protobuf;
using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.Hosting;
using RevOps.RevenueContract;

// Each test starts the whole AppHost graph; two at once would only starve each other on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace RevOps.EndToEnd.Tests;

public class ContractPropagationTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(5);
    private const string V2Team = "contract_v2_inbound";
    private const string V2Clause = "call_within_an_hour";

    /// <summary>
    /// Version 2 qualifies at 10 points instead of 60, sends unmatched leads to a team only it declares, and adds a follow-up
    /// clause: a lead that only v2 qualifies, routed to that team with that clause's clock, shows every service judged it by v2.
    /// </summary>
    private static string Version2Yaml()
    {
        var yaml = ContractLoader.DefaultYaml;
        var edits = new (string From, string To)[]
        {
            ("  mql_threshold: 60\n", "  mql_threshold: 10\n"),
            ("  default_team: inbound_general\n", $"  default_team: {V2Team}\n"),
            ("  teams:\n", $"  teams:\n    - id: {V2Team}\n      label: Inbound under contract v2\n      calendar: us_eastern\n      fallback_queue: v2_queue\n      manager: mgr_inbound\n"),
            ("follow_up:\n", $"follow_up:\n  - id: {V2Clause}\n    label: A call within an hour\n    met_by: touch\n    within: 1 hours\n"),
        };
        foreach (var (from, to) in edits)
        {
            Assert.Contains(from, yaml, StringComparison.Ordinal);
            yaml = yaml.Replace(from, to, StringComparison.Ordinal);
        }
        return yaml;
    }

    [Fact]
    public async Task A_version_signed_in_scoring_is_what_scoring_routing_and_sla_judge_the_next_lead_by()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TestTimeout);
        var ct = timeout.Token;
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.RevOps_AppHost>(ct);
        await using var app = await appHost.BuildAsync(ct);
        await app.StartAsync(ct);
        string[] followers = ["routing", "sla", "reporting"];
        foreach (var name in followers.Append("scoring"))
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(name, ct);
        }
        using var scoringChannel = GrpcChannel.ForAddress(app.GetEndpoint("scoring", "grpc"));
        var scoring = scoringChannel.CreateCallInvoker();
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });

        // Every follower asked scoring for the active version at start.
        foreach (var name in followers)
        {
            await Eventually.Async(async () => await ContractHealthAsync(http, app, name) == "contract v1, confirmed by scoring", ct);
        }

        var proposed = await Unary<ProposeContractRequest, ContractVersionInfo>(scoring, ContractReflection.Descriptor.Services[0], "Propose",
            new ProposeContractRequest { Yaml = Version2Yaml(), ProposedBy = "ops@example.com", Comment = "end-to-end test" }, ct);
        Assert.Equal(2, proposed.Version);
        foreach (var side in new[] { SigningSide.Marketing, SigningSide.Sales })
        {
            await Unary<SignContractRequest, SignContractResponse>(scoring, ContractReflection.Descriptor.Services[0], "Sign",
                new SignContractRequest { Version = 2, Side = side, Signer = $"{side}@example.com" }, ct);
        }
        foreach (var name in followers)
        {
            await Eventually.Async(async () => await ContractHealthAsync(http, app, name) == "contract v2, confirmed by scoring", ct);
        }

        // 25 points for the role: an MQL only under v2, from a country no rule matches, so v2's default team gets it.
        var submitted = await Unary<SubmitLeadRequest, SubmitLeadResponse>(scoring, IngestionReflection.Descriptor.Services[0], "SubmitLead",
            new SubmitLeadRequest
            {
                Lead = new LeadInput
                {
                    Email = $"{Guid.NewGuid():N}@example.com", JobTitle = "VP Growth", Country = "BR", Region = "LATAM",
                    Source = "web_form", ExternalId = Guid.NewGuid().ToString("N"),
                },
            }, ct);
        Assert.Equal(2, submitted.ContractVersion);
        Assert.True(submitted.Qualified, $"a {submitted.Score.TotalScore}-point lead should qualify under v2");

        using var routingChannel = GrpcChannel.ForAddress(app.GetEndpoint("routing", "grpc"));
        var routing = routingChannel.CreateCallInvoker();
        var decision = await Eventually.ValueAsync(async () =>
        {
            try
            {
                return (await Unary<ExplainAssignmentRequest, ExplainAssignmentResponse>(routing, RoutingReflection.Descriptor.Services[0],
                    "ExplainAssignment", new ExplainAssignmentRequest { LeadId = submitted.LeadId }, ct)).Decisions.FirstOrDefault();
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                return null; // not routed yet
            }
        }, ct);
        Assert.Equal((2, V2Team), (decision.ContractVersion, decision.TeamId));

        using var slaChannel = GrpcChannel.ForAddress(app.GetEndpoint("sla", "grpc"));
        var sla = slaChannel.CreateCallInvoker();
        var clock = await Eventually.ValueAsync(async () =>
            (await Unary<GetClocksRequest, GetClocksResponse>(sla, SlaReflection.Descriptor.Services[0], "GetClocks",
                new GetClocksRequest { LeadId = submitted.LeadId }, ct)).Clocks.FirstOrDefault(c => c.ClauseId == V2Clause), ct);
        Assert.Equal(2, clock.ContractVersion);
        Assert.Equal(TimeSpan.FromHours(1), clock.DueAt.ToDateTimeOffset() - clock.StartedAt.ToDateTimeOffset());
    }

    private static async Task<string?> ContractHealthAsync(HttpClient http, DistributedApplication app, string service)
    {
        using var response = await http.GetAsync(new Uri(app.GetEndpoint(service, "http"), "/health"));
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return health.RootElement.GetProperty("checks").GetProperty("contract").GetProperty("description").GetString();
    }

    private static async Task<TResponse> Unary<TRequest, TResponse>(
        CallInvoker invoker, Google.Protobuf.Reflection.ServiceDescriptor service, string method, TRequest request, CancellationToken ct)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        await invoker.AsyncUnaryCall(Method.Create<TRequest, TResponse>(service.FindMethodByName(method)), null, new CallOptions(CancellationToken: ct), request);
}

/// <summary>Polls a condition that other processes make true, until the test's token gives up.</summary>
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
