using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;

namespace RevOps.Grpc.Tests.Infrastructure;

/// <summary>Sends hand-built HTTP/2 gRPC requests with HttpClient, to produce frames a real client never would.</summary>
public sealed class RawGrpcClient(Uri address) : IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler()) { BaseAddress = address };

    public static byte[] Frame(byte[] payload, bool compressed = false, int? declaredLength = null)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)(declaredLength ?? payload.Length));
        payload.CopyTo(frame, 5);
        return frame;
    }

    public Task<RawResponse> SendAsync(
        string path, byte[] body, string contentType = "application/grpc", HttpMethod? method = null, IEnumerable<(string Name, string Value)>? headers = null) =>
        SendCancellableAsync(path, body, TestContext.Current.CancellationToken, contentType, method, headers);

    public async Task<RawResponse> SendCancellableAsync(
        string path, byte[] body, CancellationToken cancellationToken, string contentType = "application/grpc", HttpMethod? method = null,
        IEnumerable<(string Name, string Value)>? headers = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (method is null || method == HttpMethod.Post)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await http.SendAsync(request, cancellationToken);
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new RawResponse(
            response.StatusCode,
            response.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value)),
            response.TrailingHeaders.ToDictionary(h => h.Key, h => string.Join(",", h.Value)),
            content);
    }

    public void Dispose() => http.Dispose();
}

/// <summary>A raw response: the gRPC status comes from the trailers, or from the headers when trailers-only.</summary>
public sealed record RawResponse(HttpStatusCode HttpStatus, Dictionary<string, string> Headers, Dictionary<string, string> Trailers, byte[] Body)
{
    public StatusCode? GrpcStatus =>
        Trailers.TryGetValue("grpc-status", out var value) || Headers.TryGetValue("grpc-status", out value)
            ? (StatusCode)int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    public bool TrailersOnly => Headers.ContainsKey("grpc-status") && Body.Length == 0;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : Trailers.GetValueOrDefault(name);
}
