using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Primitives;

namespace RevOps.Grpc.Internal;

/// <summary>One server call on one HTTP/2 stream: deadline, metadata, message framing and the final status.</summary>
internal sealed class HttpServerCallContext : ServerCallContext, IDisposable
{
    private static readonly StringValues GrpcContentType = GrpcProtocol.ContentType;
    private static readonly StringValues SupportedEncodings = GrpcProtocol.SupportedEncodings;

    private readonly GrpcServiceOptions options;
    private readonly string method;
    private CancellationTokenSource? deadlineSource;
    private CancellationTokenSource? callSource;
    private Metadata? requestHeaders;
    private Metadata? responseTrailers;
    private string? requestEncoding;
    private string? responseEncoding;
    private DateTime deadline = DateTime.MaxValue;
    private bool headersPrepared;

    public HttpServerCallContext(HttpContext httpContext, GrpcServiceOptions options, string method)
    {
        HttpContext = httpContext;
        this.options = options;
        this.method = method;
    }

    public HttpContext HttpContext { get; }

    public override string Method => method;

    public override string Host => HttpContext.Request.Host.Value ?? "";

    public override string Peer
    {
        get
        {
            var connection = HttpContext.Connection;
            return connection.RemoteIpAddress switch
            {
                null => "unknown",
                { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } ip => $"ipv6:[{ip}]:{connection.RemotePort}",
                var ip => $"ipv4:{ip}:{connection.RemotePort}",
            };
        }
    }

    public override DateTime Deadline => deadline;

    public override Metadata RequestHeaders => requestHeaders ??= MetadataCodec.FromHeaders(HttpContext.Request.Headers);

    public override CancellationToken CancellationToken => callSource?.Token ?? HttpContext.RequestAborted;

    public override Metadata ResponseTrailers => responseTrailers ??= [];

    public override Status Status { get; set; } = Status.DefaultSuccess;

    public override WriteOptions? WriteOptions { get; set; }

    public bool DeadlineExceeded => deadlineSource?.IsCancellationRequested == true;

    /// <summary>Reads deadline and encoding headers; returns an error status when the call can't start.</summary>
    public Status? Initialize()
    {
        var headers = HttpContext.Request.Headers;
        var encoding = headers[GrpcProtocol.EncodingHeader];
        if (encoding.Count > 0 && !string.IsNullOrEmpty(encoding[0]))
        {
            if (!GrpcProtocol.IsSupportedEncoding(encoding[0]!))
            {
                HttpContext.Response.Headers[GrpcProtocol.AcceptEncodingHeader] = SupportedEncodings;
                return new Status(StatusCode.Unimplemented, $"Unsupported grpc-encoding '{encoding[0]}'; supported: {GrpcProtocol.SupportedEncodings}.");
            }
            requestEncoding = encoding[0];
        }

        if (options.ResponseCompressionAlgorithm is { } algorithm && ClientAccepts(algorithm))
        {
            responseEncoding = algorithm;
        }

        var timeout = GrpcProtocol.ParseTimeout(headers[GrpcProtocol.TimeoutHeader]);
        if (timeout is { } value)
        {
            var now = DateTime.UtcNow;
            deadline = value >= DateTime.MaxValue - now ? DateTime.MaxValue : now + value;
            deadlineSource = new CancellationTokenSource(value);
            callSource = CancellationTokenSource.CreateLinkedTokenSource(HttpContext.RequestAborted, deadlineSource.Token);
        }

        // Streams may idle and carry more than Kestrel's 30 MB default; our own limit is per message.
        var bodySize = HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (bodySize is { IsReadOnly: false })
        {
            bodySize.MaxRequestBodySize = null;
        }
        var dataRate = HttpContext.Features.Get<IHttpMinRequestBodyDataRateFeature>();
        if (dataRate is not null)
        {
            dataRate.MinDataRate = null;
        }
        return null;
    }

    public override Task WriteResponseHeadersAsync(Metadata responseHeaders)
    {
        if (headersPrepared)
        {
            throw new InvalidOperationException("Response headers were already sent.");
        }
        foreach (var entry in responseHeaders)
        {
            // grpc-dotnet's way for a handler to ask for compressed responses.
            if (entry.Key == CallOptions.RequestEncodingHeader)
            {
                responseEncoding = ClientAccepts(entry.Value) ? entry.Value : null;
                continue;
            }
            MetadataCodec.Append(HttpContext.Response.Headers, entry);
        }
        PrepareResponseHeaders();
        return HttpContext.Response.BodyWriter.FlushAsync(CancellationToken).AsTask();
    }

    /// <summary>Reads the next message; null at the end of the request stream.</summary>
    public async ValueTask<T?> ReadMessageAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        var reader = HttpContext.Request.BodyReader;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(cancellationToken);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested || HttpContext.RequestAborted.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            var buffer = result.Buffer;
            if (TryParseMessage(ref buffer, parser, out var message))
            {
                reader.AdvanceTo(buffer.Start);
                return message;
            }
            if (result.IsCompleted || result.IsCanceled)
            {
                var remaining = buffer.Length;
                reader.AdvanceTo(buffer.End);
                if (remaining == 0)
                {
                    return null;
                }
                throw new RpcException(new Status(StatusCode.Internal, "Incomplete message: the request ended inside a message."));
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private bool TryParseMessage<T>(ref ReadOnlySequence<byte> buffer, MessageParser<T> parser, out T? message)
        where T : class, IMessage<T>
    {
        message = null;
        if (buffer.Length < GrpcProtocol.HeaderSize)
        {
            return false;
        }
        var (compressed, length) = GrpcProtocol.ReadHeader(buffer);
        if (options.MaxReceiveMessageSize is { } max && length > max)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, $"Received message of {length} bytes exceeds the limit of {max} bytes."));
        }
        if (buffer.Length - GrpcProtocol.HeaderSize < length)
        {
            return false;
        }
        var payload = buffer.Slice(GrpcProtocol.HeaderSize, length);
        if (compressed && !GrpcProtocol.IsCompressingEncoding(requestEncoding))
        {
            throw new RpcException(new Status(StatusCode.Internal, "Message is flagged compressed but the request has no grpc-encoding."));
        }
        try
        {
            message = compressed
                ? parser.ParseFrom(GrpcCompression.Decompress(payload, options.MaxReceiveMessageSize))
                : parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"Failed to parse the request message as {typeof(T).Name}."));
        }
        buffer = buffer.Slice(payload.End);
        return true;
    }

    /// <summary>Writes one framed message; unary responses skip the flush so DATA and trailers leave together.</summary>
    public ValueTask WriteMessageAsync<T>(T message, bool flush, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        if (DeadlineExceeded)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, "Deadline exceeded."));
        }
        PrepareResponseHeaders();
        var writer = HttpContext.Response.BodyWriter;
        var size = message.CalculateSize();
        if (options.MaxSendMessageSize is { } max && size > max)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, $"Sending message of {size} bytes exceeds the limit of {max} bytes."));
        }
        var compress = responseEncoding is not null && (WriteOptions?.Flags & WriteFlags.NoCompress) == 0;
        if (compress)
        {
            var compressed = GrpcCompression.Compress(message.ToByteArray());
            var span = writer.GetSpan(GrpcProtocol.HeaderSize + compressed.Length);
            GrpcProtocol.WriteHeader(span, compressed: true, compressed.Length);
            compressed.CopyTo(span[GrpcProtocol.HeaderSize..]);
            writer.Advance(GrpcProtocol.HeaderSize + compressed.Length);
        }
        else
        {
            var span = writer.GetSpan(GrpcProtocol.HeaderSize + size);
            GrpcProtocol.WriteHeader(span, compressed: false, size);
            message.WriteTo(span.Slice(GrpcProtocol.HeaderSize, size));
            writer.Advance(GrpcProtocol.HeaderSize + size);
        }
        if (!flush)
        {
            return ValueTask.CompletedTask;
        }
        var pending = writer.FlushAsync(cancellationToken);
        return pending.IsCompletedSuccessfully ? ValueTask.CompletedTask : AwaitFlush(pending);

        static async ValueTask AwaitFlush(ValueTask<FlushResult> flushing) => await flushing;
    }

    /// <summary>Sends the status: in trailers after messages, or trailers-only when nothing was sent.</summary>
    public void SetStatusAndTrailers()
    {
        var response = HttpContext.Response;
        var status = Status;
        if (!headersPrepared)
        {
            // Trailers-only: one HEADERS frame that ends the stream.
            response.StatusCode = StatusCodes.Status200OK;
            response.Headers.ContentType = GrpcContentType;
            WriteStatus(response.Headers, status);
            return;
        }
        if (!response.SupportsTrailers())
        {
            return;
        }
        if (responseTrailers is { Count: > 0 })
        {
            foreach (var entry in responseTrailers)
            {
                response.AppendTrailer(entry.Key, MetadataCodec.Encode(entry));
            }
        }
        response.AppendTrailer(GrpcProtocol.StatusHeader, StatusText(status.StatusCode));
        if (!string.IsNullOrEmpty(status.Detail))
        {
            response.AppendTrailer(GrpcProtocol.MessageHeader, GrpcProtocol.EncodeMessage(status.Detail));
        }
    }

    private void WriteStatus(IHeaderDictionary headers, Status status)
    {
        if (responseTrailers is { Count: > 0 })
        {
            foreach (var entry in responseTrailers)
            {
                MetadataCodec.Append(headers, entry);
            }
        }
        headers[GrpcProtocol.StatusHeader] = StatusText(status.StatusCode);
        if (!string.IsNullOrEmpty(status.Detail))
        {
            headers[GrpcProtocol.MessageHeader] = GrpcProtocol.EncodeMessage(status.Detail);
        }
    }

    private static readonly string[] StatusTexts = Enumerable.Range(0, 17).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static string StatusText(StatusCode code) =>
        (int)code is >= 0 and < 17 ? StatusTexts[(int)code] : ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private void PrepareResponseHeaders()
    {
        if (headersPrepared)
        {
            return;
        }
        headersPrepared = true;
        var response = HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        var headers = response.Headers;
        headers.ContentType = GrpcContentType;
        headers[GrpcProtocol.AcceptEncodingHeader] = SupportedEncodings;
        if (responseEncoding is not null)
        {
            headers[GrpcProtocol.EncodingHeader] = responseEncoding;
        }
    }

    private bool ClientAccepts(string encoding)
    {
        foreach (var accepted in HttpContext.Request.Headers[GrpcProtocol.AcceptEncodingHeader])
        {
            foreach (var part in (accepted ?? "").Split(',', StringSplitOptions.TrimEntries))
            {
                if (part.Equals(encoding, StringComparison.OrdinalIgnoreCase) && GrpcProtocol.IsSupportedEncoding(part))
                {
                    return true;
                }
            }
        }
        return false;
    }

    public void Dispose()
    {
        callSource?.Dispose();
        deadlineSource?.Dispose();
    }
}
