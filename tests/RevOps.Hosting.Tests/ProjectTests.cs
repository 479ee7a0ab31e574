using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using RevOps.Hosting.Internal;

namespace RevOps.Hosting.Tests;

public class ProjectTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(1);

    private static DistributedApplicationBuilder NewBuilder(bool dashboard = false, int? dashboardPort = null) =>
        DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            ForTesting = true,
            EnableDashboard = dashboard,
            DashboardPort = dashboardPort,
        });

    private static HttpClient Http2Client() => new(new SocketsHttpHandler { UseProxy = false })
    {
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    [Fact]
    public async Task Proxy_spreads_calls_across_replicas_skips_a_killed_one_and_the_killed_one_comes_back()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = NewBuilder();
        builder.AddProject<Projects.RevOps_Hosting_EchoApp>("echo").WithReplicas(2);
        await using var app = await builder.BuildAsync(ct);
        await app.StartAsync(ct);
        await Task.WhenAll(
            app.ResourceNotifications.WaitForResourceHealthyAsync("echo-0", ct),
            app.ResourceNotifications.WaitForResourceHealthyAsync("echo-1", ct)).WaitAsync(StartTimeout, ct);
        var pid0 = app.ResourceNotifications.GetSnapshot("echo-0").Pid!.Value;
        var pid1 = app.ResourceNotifications.GetSnapshot("echo-1").Pid!.Value;

        // One client, one connection per endpoint: spreading must happen per call, on HTTP/1.1 and HTTP/2 alike.
        using var http1 = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var http2 = Http2Client();
        foreach (var (client, endpoint) in new[] { (http1, "http"), (http2, "grpc") })
        {
            var pids = new List<int>();
            for (var i = 0; i < 20; i++)
            {
                pids.Add(int.Parse(await client.GetStringAsync(new Uri(app.GetEndpoint("echo", endpoint), "/pid"), ct)));
            }
            Assert.Equal([pid0, pid1], pids.Distinct().Order());
            Assert.All(pids.GroupBy(p => p), g => Assert.InRange(g.Count(), 8, 12));
        }
        // The dashboard's call counts say the same: each replica's own pid answers, so they match the echoes one for one.
        Assert.Equal(40L, app.ResourceNotifications.GetSnapshot("echo").Calls);
        Assert.InRange(app.ResourceNotifications.GetSnapshot("echo-0").Calls!.Value, 16, 24);

        Assert.Equal(pid0, app.KillResourceProcess("echo-0"));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(pid1, int.Parse(await http2.GetStringAsync(new Uri(app.GetEndpoint("echo", "grpc"), "/pid"), ct)));
            Assert.Equal(pid1, int.Parse(await http1.GetStringAsync(new Uri(app.GetEndpoint("echo", "http"), "/pid"), ct)));
        }
        // Calls the killed replica refused went on to the live one and are counted there only.
        Assert.Equal(60L, app.ResourceNotifications.GetSnapshot("echo").Calls);

        var back = await app.ResourceNotifications.WaitForResourceAsync(
            "echo-0", s => s.Health == HealthStatus.Healthy && s.Pid != pid0, ct).WaitAsync(StartTimeout, ct);
        Assert.Equal(1, back.Restarts);
        Assert.True(ProcessInspector.IsAlive(back.Pid!.Value));
        Assert.False(ProcessInspector.IsAlive(pid0));
    }

    [Fact]
    public async Task Streaming_calls_through_the_proxy_flow_both_ways_and_keep_their_trailers_on_reused_connections()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = NewBuilder();
        builder.AddProject<Projects.RevOps_Hosting_EchoApp>("echo").WithReplicas(2);
        await using var app = await builder.BuildAsync(ct);
        await app.StartAsync(ct);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("echo-0", ct).WaitAsync(StartTimeout, ct);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("echo-1", ct).WaitAsync(StartTimeout, ct);

        // Calls after the first reuse the HTTP/2 connections on both hops, where SocketsHttpHandler holds back
        // the request headers of a duplex body until something is written (dotnet/runtime#96223).
        using var client = Http2Client();
        var replicasSeen = new HashSet<int>();
        for (var call = 0; call < 4; call++)
        {
            replicasSeen.Add(await EchoStreamAsync(client, new Uri(app.GetEndpoint("echo", "grpc"), "/echo.Echo/Stream"), ct));
        }
        Assert.Equal(
            new[] { "echo-0", "echo-1" }.Select(n => app.ResourceNotifications.GetSnapshot(n).Pid!.Value).Order(),
            replicasSeen.Order());
    }

    [Fact]
    public async Task A_replica_killed_mid_call_ends_the_call_with_unavailable_so_the_caller_retries()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = NewBuilder();
        builder.AddProject<Projects.RevOps_Hosting_EchoApp>("echo").WithReplicas(2);
        await using var app = await builder.BuildAsync(ct);
        await app.StartAsync(ct);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("echo-0", ct).WaitAsync(StartTimeout, ct);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("echo-1", ct).WaitAsync(StartTimeout, ct);

        using var client = Http2Client();
        var pieces = Channel.CreateUnbounded<byte[]>();
        using var request = EchoCall(new Uri(app.GetEndpoint("echo", "grpc"), "/echo.Echo/Stream"), pieces.Reader);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).WaitAsync(TimeSpan.FromSeconds(10), ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        await pieces.Writer.WriteAsync("under way"u8.ToArray(), ct);
        await body.ReadExactlyAsync(new byte[9], ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), ct);

        // Whichever replica holds the call dies; the proxy must not leave the caller with a bare reset (UNKNOWN).
        app.KillResourceProcess("echo-0");
        app.KillResourceProcess("echo-1");
        Assert.Equal(0, await body.ReadAsync(new byte[1], ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), ct));
        Assert.Equal("14", response.TrailingHeaders.GetValues("grpc-status").Single());
        Assert.Contains("retry with the same idempotency key", Uri.UnescapeDataString(response.TrailingHeaders.GetValues("grpc-message").Single()), StringComparison.Ordinal);
    }

    /// <summary>A gRPC-shaped bidirectional call whose request body is the pieces written to <paramref name="pieces"/>.</summary>
    private static HttpRequestMessage EchoCall(Uri address, ChannelReader<byte[]> pieces)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, address)
        {
            Content = new DuplexContent(pieces),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.TE.ParseAdd("trailers");
        request.Content.Headers.ContentType = new("application/grpc");
        return request;
    }

    /// <summary>One bidirectional call; each echo must arrive before the next piece is sent. Returns the replica's pid.</summary>
    private static async Task<int> EchoStreamAsync(HttpClient client, Uri address, CancellationToken ct)
    {
        var pieces = Channel.CreateUnbounded<byte[]>();
        using var request = EchoCall(address, pieces.Reader);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).WaitAsync(TimeSpan.FromSeconds(10), ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        // A buffering proxy would never deliver an echo before the body ends.
        foreach (var piece in new[] { "first", "second", "third" })
        {
            await pieces.Writer.WriteAsync(Encoding.UTF8.GetBytes(piece), ct);
            var buffer = new byte[piece.Length];
            await body.ReadExactlyAsync(buffer, ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), ct);
            Assert.Equal(piece, Encoding.UTF8.GetString(buffer));
        }
        pieces.Writer.Complete();
        Assert.Equal(-1, body.ReadByte());
        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
        return int.Parse(response.TrailingHeaders.GetValues("x-replica-pid").Single(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Dispose_kills_a_service_that_hangs_on_shutdown()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = NewBuilder();
        builder.AddProject<Projects.RevOps_Hosting_EchoApp>("hung").WithEnvironment("ECHO_HANG_ON_STOP", "1");
        var app = await builder.BuildAsync(ct);
        await app.StartAsync(ct);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("hung", ct).WaitAsync(StartTimeout, ct);
        var pid = app.ResourceNotifications.GetSnapshot("hung").Pid!.Value;

        var stopwatch = Stopwatch.StartNew();
        await app.DisposeAsync();

        Assert.False(ProcessInspector.IsAlive(pid));
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(12));
    }

    [Fact]
    public async Task Dashboard_api_lists_each_replica_and_the_proxied_project_and_services_get_its_stable_address()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = NewBuilder(dashboard: true, dashboardPort: PortAllocator.Next());
        var api = builder.AddProject<Projects.RevOps_Hosting_EchoApp>("api").WithReplicas(2);
        builder.AddProject<Projects.RevOps_Hosting_EchoApp>("web").WithReference(api).WaitFor(api).WithEnvironment("Greeting", "hello");
        await using var app = await builder.BuildAsync(ct);
        await app.StartAsync(ct);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("web", ct).WaitAsync(StartTimeout, ct);

        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri(app.DashboardUrl!, "/api/resources"), ct));
        var rows = json.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal(["api", "api-0", "api-1", "web"], rows.Keys.Order());
        foreach (var row in rows.Values)
        {
            Assert.Equal(["calls", "endpoints", "health", "name", "pid", "restarts", "state", "type"], row.EnumerateObject().Select(p => p.Name).Order());
            Assert.Equal("Project", row.GetProperty("type").GetString());
            Assert.Equal("Running", row.GetProperty("state").GetString());
        }
        Assert.Equal(JsonValueKind.Null, rows["api"].GetProperty("pid").ValueKind);
        Assert.Equal(JsonValueKind.Number, rows["api-0"].GetProperty("pid").ValueKind);
        // Calls are counted where the proxy hands them out: on a replicated project and its replicas only.
        Assert.Equal(JsonValueKind.Number, rows["api"].GetProperty("calls").ValueKind);
        Assert.Equal(JsonValueKind.Number, rows["api-1"].GetProperty("calls").ValueKind);
        Assert.Equal(JsonValueKind.Null, rows["web"].GetProperty("calls").ValueKind);
        var stableGrpc = rows["api"].GetProperty("endpoints").GetProperty("grpc").GetString();
        Assert.Equal(app.GetEndpoint("api", "grpc").ToString().TrimEnd('/'), stableGrpc);
        Assert.NotEqual(stableGrpc, rows["api-0"].GetProperty("endpoints").GetProperty("grpc").GetString());

        // The running service really received the conventions' variables.
        var web = app.GetEndpoint("web", "http");
        Assert.Equal(stableGrpc, await client.GetFromJsonAsync<string>(new Uri(web, "/env/services__api__grpc__0"), ct));
        Assert.Equal("hello", await client.GetFromJsonAsync<string>(new Uri(web, "/env/Greeting"), ct));
        Assert.Equal("web", await client.GetFromJsonAsync<string>(new Uri(web, "/env/OTEL_SERVICE_NAME"), ct));

        var page = await client.GetStringAsync(app.DashboardUrl, ct);
        Assert.Contains("/api/resources", page, StringComparison.Ordinal);
        var log = await client.GetFromJsonAsync<string[]>(new Uri(app.DashboardUrl!, "/api/resources/web/log"), ct);
        Assert.Contains(log!, line => line.Contains("Now listening on", StringComparison.Ordinal));
    }

    /// <summary>A request body written piece by piece while the response is being read.</summary>
    private sealed class DuplexContent(ChannelReader<byte[]> pieces) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.FlushAsync(); // the headers, now: the caller sends its first piece only after the response headers
            await foreach (var piece in pieces.ReadAllAsync())
            {
                await stream.WriteAsync(piece);
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
