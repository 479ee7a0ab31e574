using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace RevOps.Hosting.Internal;

/// <summary>
/// One stable endpoint in front of a replicated project. Every request (each gRPC call, not each
/// connection) goes to the next replica whose process is up; one that refuses the connection is
/// skipped. Bodies stream both ways and response trailers (grpc-status) are forwarded.
/// </summary>
internal sealed class ReplicaProxy : IDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization",
        "Transfer-Encoding", "Upgrade", "Host", "TE", "Trailer",
    };

    private readonly ReplicatedProjectRuntime _project;
    private readonly string _endpoint;
    private readonly bool _http2;
    private readonly HttpMessageInvoker _client;
    private int _next = -1;

    public ReplicaProxy(ReplicatedProjectRuntime project, string endpoint, bool http2)
    {
        _project = project;
        _endpoint = endpoint;
        _http2 = http2;
        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(2),
            ActivityHeadersPropagator = null,
        });
    }

    public bool IsHttp2 => _http2;

    public async Task ForwardAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        var canHaveBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true;
        var body = canHaveBody ? new NonClosingTrackingStream(context.Request.Body) : null;
        foreach (var replica in Candidates())
        {
            using var request = CreateRequest(context, replica.Ports[_endpoint], body);
            HttpResponseMessage response;
            // Counted before the send: a streaming call's response may start only when its request ends.
            replica.CountCall(1);
            try
            {
                response = await _client.SendAsync(request, ct);
            }
            catch (HttpRequestException) when (body is null || !body.ReadStarted)
            {
                // Nothing reached this replica (it is down or restarting): the call can go to the next one.
                replica.CountCall(-1);
                continue;
            }
            catch (HttpRequestException) when (!ct.IsCancellationRequested)
            {
                await RespondReplicaLostAsync(context, replica.Name);
                return;
            }
            using (response)
            {
                try
                {
                    await CopyResponseAsync(context, response, ct);
                }
                catch (Exception e) when (e is HttpRequestException or IOException && !ct.IsCancellationRequested)
                {
                    await RespondReplicaLostAsync(context, replica.Name);
                }
            }
            return;
        }
        await RespondUnavailableAsync(context, $"No replica of '{_project.Name}' is available.");
    }

    public void Dispose() => _client.Dispose();

    /// <summary>Round-robin from the next replica on, healthy ones first, skipping any whose process is down.</summary>
    private IEnumerable<ProjectReplicaRuntime> Candidates()
    {
        var replicas = _project.Replicas;
        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)replicas.Count);
        var rotation = Enumerable.Range(0, replicas.Count).Select(i => replicas[(start + i) % replicas.Count]).ToArray();
        return rotation.Where(r => r.IsRunning && r.Health == HealthStatus.Healthy)
            .Concat(rotation.Where(r => r.IsRunning && r.Health != HealthStatus.Healthy));
    }

    private HttpRequestMessage CreateRequest(HttpContext context, int port, Stream? body)
    {
        var incoming = context.Request;
        var request = new HttpRequestMessage(
            new HttpMethod(incoming.Method),
            new Uri($"http://127.0.0.1:{port}{incoming.PathBase}{incoming.Path}{incoming.QueryString}"))
        {
            Version = _http2 ? HttpVersion.Version20 : HttpVersion.Version11,
            VersionPolicy = _http2 ? HttpVersionPolicy.RequestVersionExact : HttpVersionPolicy.RequestVersionOrLower,
        };
        if (body is not null)
        {
            request.Content = new StreamingBodyContent(body);
        }
        foreach (var (name, values) in incoming.Headers)
        {
            if (name.StartsWith(':') || (HopByHop.Contains(name) && !IsTeTrailers(name, values)))
            {
                continue;
            }
            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
        return request;
    }

    // gRPC servers require "TE: trailers"; it is the one TE value that may cross a proxy.
    private static bool IsTeTrailers(string name, StringValues values) =>
        name.Equals("TE", StringComparison.OrdinalIgnoreCase) && values.ToString().Equals("trailers", StringComparison.OrdinalIgnoreCase);

    private static async Task CopyResponseAsync(HttpContext context, HttpResponseMessage response, CancellationToken ct)
    {
        var outgoing = context.Response;
        outgoing.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                outgoing.Headers[name] = values.ToArray();
            }
        }
        // A gRPC error before any message comes trailers-only (grpc-status among the headers): it must stay one HEADERS frame
        // that ends the stream. Flushed on their own, they would be headers with no trailers, which grpcio reads as UNKNOWN.
        if (response.Headers.Contains("grpc-status"))
        {
            return;
        }
        // Headers reach the caller at once: a streaming call may send its first message only after them.
        await outgoing.StartAsync(ct);
        await outgoing.Body.FlushAsync(ct);
        await using var upstream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await upstream.ReadAsync(buffer, ct)) > 0)
            {
                await outgoing.Body.WriteAsync(buffer.AsMemory(0, read), ct);
                // Flushing per read keeps server-streaming calls live instead of buffered.
                await outgoing.Body.FlushAsync(ct);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (outgoing.SupportsTrailers())
        {
            foreach (var (name, values) in response.TrailingHeaders)
            {
                outgoing.AppendTrailer(name, values.ToArray());
            }
        }
    }

    /// <summary>
    /// The replica died with the call under way: as any gRPC proxy does for an upstream reset, the caller hears UNAVAILABLE
    /// (the call may or may not have taken effect), so it retries with its idempotency key instead of seeing UNKNOWN.
    /// </summary>
    private async Task RespondReplicaLostAsync(HttpContext context, string replica)
    {
        var message = $"Replica '{replica}' failed during the call; it may have taken effect: retry with the same idempotency key.";
        if (!context.Response.HasStarted)
        {
            await RespondUnavailableAsync(context, message);
        }
        else if (IsGrpc(context) && context.Response.SupportsTrailers())
        {
            context.Response.AppendTrailer("grpc-status", "14");
            context.Response.AppendTrailer("grpc-message", Uri.EscapeDataString(message));
        }
        else
        {
            context.Abort();
        }
    }

    private bool IsGrpc(HttpContext context) =>
        _http2 && context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    private async Task RespondUnavailableAsync(HttpContext context, string message)
    {
        if (IsGrpc(context))
        {
            // gRPC "trailers-only" response: status 14 UNAVAILABLE, so clients retry as they would for any outage.
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "14";
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        await context.Response.WriteAsync(message, context.RequestAborted);
    }

    /// <summary>
    /// The request body, copied as it arrives. A custom HttpContent (unlike StreamContent) counts as
    /// duplex, so HTTP/2 keeps sending it after the response has started, as bidi-streaming calls need.
    /// </summary>
    private sealed class StreamingBodyContent(Stream body) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            // Headers go to the replica now, not with the first body bytes: a streaming caller may wait for the
            // response headers before it sends anything, and on a reused HTTP/2 connection SocketsHttpHandler
            // would hold them back until then (dotnet/runtime#96223).
            await stream.FlushAsync(cancellationToken);
            var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    await stream.FlushAsync(cancellationToken);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }

    /// <summary>Passes the request body through, remembers whether any of it was read, and never closes it.</summary>
    private sealed class NonClosingTrackingStream(Stream inner) : Stream
    {
        public bool ReadStarted { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("The proxy reads bodies asynchronously.");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            ReadStarted = true;
            return inner.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
