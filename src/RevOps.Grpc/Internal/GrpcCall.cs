using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace RevOps.Grpc.Internal;

/// <summary>One client call on one HTTP/2 stream: request framing, response reading, status, deadline and cancellation.</summary>
internal sealed class GrpcCall<TRequest, TResponse> : IClientRequestSink<TRequest>, IDisposable
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private static readonly MediaTypeHeaderValue GrpcContentType = new(GrpcProtocol.ContentType);
    private static readonly Version Http2 = HttpVersion.Version20;

    private readonly GrpcChannel channel;
    private readonly Method<TRequest, TResponse> method;
    private readonly CallOptions options;
    private readonly CancellationTokenSource callSource;
    private readonly CancellationTokenSource? deadlineSource;
    private readonly string? requestEncoding;
    private TaskCompletionSource<Metadata> headers = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HttpResponseMessage? response;
    private Stream? responseStream;
    private string? responseEncoding;
    private Status? status;
    private Metadata? trailers;
    private TResponse? current;
    private bool disposed;
    private Task? started;

    public GrpcCall(GrpcChannel channel, Method<TRequest, TResponse> method, CallOptions options)
    {
        this.channel = channel;
        this.method = method;
        this.options = options;
        requestEncoding = options.Headers?.GetValue(CallOptions.RequestEncodingHeader);
        if (requestEncoding is not null && !GrpcProtocol.IsSupportedEncoding(requestEncoding))
        {
            throw new ArgumentException($"Unsupported request encoding '{requestEncoding}'; supported: {GrpcProtocol.SupportedEncodings}.", nameof(options));
        }
        if (options.Deadline is { } deadline && deadline != DateTime.MaxValue)
        {
            var timeout = deadline.ToUniversalTime() - DateTime.UtcNow;
            deadlineSource = new CancellationTokenSource(timeout > TimeSpan.Zero ? (timeout > GrpcProtocol.MaxTimeout ? GrpcProtocol.MaxTimeout : timeout) : TimeSpan.Zero);
            Timeout = timeout;
            callSource = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken, deadlineSource.Token);
        }
        else
        {
            callSource = options.CancellationToken.CanBeCanceled
                ? CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken)
                : new CancellationTokenSource();
        }
        if (method.Type is MethodType.ClientStreaming or MethodType.DuplexStreaming)
        {
            RequestContent = new StreamingRequestContent();
            RequestStream = new ClientRequestStream<TRequest>(this);
        }
    }

    public TimeSpan? Timeout { get; }

    public StreamingRequestContent? RequestContent { get; }

    public ClientRequestStream<TRequest>? RequestStream { get; }

    public Task<Metadata> ResponseHeadersAsync => headers.Task;

    public TResponse Current => current ?? throw new InvalidOperationException("Call MoveNext and check it returned true before reading Current.");

    public CancellationToken CallToken => callSource.Token;

    public Status GetStatus() => status ?? throw new InvalidOperationException("The call has not finished yet.");

    public Metadata GetTrailers() => trailers ?? throw new InvalidOperationException("The call has not finished yet.");

    /// <summary>Runs a unary or client-streaming call to its single response; idempotent unary calls retry UNAVAILABLE with backoff.</summary>
    public async Task<TResponse> GetSingleResponseAsync(TRequest? request)
    {
        var attempt = 1;
        while (true)
        {
            try
            {
                await StartAsync(request);
                var message = await ReadMessageAsync();
                if (message is not null && await ReadMessageAsync() is not null)
                {
                    throw Fail(new Status(StatusCode.Internal, "More than one response message for a unary method."));
                }
                if (status!.Value.StatusCode != StatusCode.OK)
                {
                    throw new RpcException(status.Value, trailers!);
                }
                return message ?? throw Fail(new Status(StatusCode.Internal, "The server sent OK without a response message."));
            }
            catch (RpcException exception) when (CanRetry(exception, attempt, request))
            {
                await Task.Delay(Backoff(attempt), callSource.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                attempt++;
                Reset();
            }
        }
    }

    /// <summary>Sends the request headers (and, for unary requests, the message), then waits for the response headers.</summary>
    public async Task StartAsync(TRequest? request)
    {
        if (callSource.IsCancellationRequested)
        {
            throw Finish(CancelledStatus());
        }
        var content = RequestContent ?? (HttpContent)new UnaryRequestContent(Frame(request!));
        content.Headers.ContentType = GrpcContentType;
        var tried = 0;
        while (true)
        {
            var address = channel.Addresses.Pick();
            tried++;
            // Not disposed: that would dispose the content, which a refused attempt hands to the next address.
            var message = CreateRequest(address, content);
            try
            {
                response = await channel.Invoker.SendAsync(message, callSource.Token);
                break;
            }
            catch (HttpRequestException exception) when (exception.HttpRequestError == HttpRequestError.ConnectionError && RequestContent?.Started != true)
            {
                // A refused connection never carried the request, so another replica may take it.
                channel.Addresses.MarkRefused(address);
                if (tried >= channel.Addresses.Count)
                {
                    throw Finish(new Status(StatusCode.Unavailable, $"No address accepted a connection: {exception.Message}"));
                }
            }
            catch (OperationCanceledException) when (callSource.IsCancellationRequested)
            {
                throw Finish(CancelledStatus());
            }
            catch (HttpRequestException exception)
            {
                throw Finish(callSource.IsCancellationRequested ? CancelledStatus() : new Status(StatusCode.Unavailable, $"Error starting gRPC call: {exception.Message}"));
            }
        }
        ReadResponseHeaders(response);
        if (status is null)
        {
            responseStream = await response.Content.ReadAsStreamAsync(callSource.Token);
        }
    }

    private void ReadResponseHeaders(HttpResponseMessage httpResponse)
    {
        if (httpResponse.StatusCode != HttpStatusCode.OK)
        {
            throw Finish(new Status(FromHttpStatus(httpResponse.StatusCode), $"Bad gRPC response. HTTP status code: {(int)httpResponse.StatusCode}"));
        }
        var contentType = httpResponse.Content.Headers.ContentType?.MediaType;
        if (!GrpcProtocol.IsGrpcContentType(contentType))
        {
            throw Finish(new Status(StatusCode.Internal, $"Bad gRPC response. Invalid content-type value: {contentType}"));
        }
        responseEncoding = FirstHeader(httpResponse.Headers, GrpcProtocol.EncodingHeader);
        var metadata = ToMetadata(httpResponse.Headers, keepStatusDetails: true);
        if (FirstHeader(httpResponse.Headers, GrpcProtocol.StatusHeader) is not null)
        {
            // Trailers-only: the status came with the headers.
            headers.TrySetResult([]);
            status = ReadStatus(httpResponse.Headers);
            trailers = metadata;
            Dispose();
            return;
        }
        headers.TrySetResult(metadata);
    }

    /// <summary>Reads the next response message; null at the end, after which the status is known.</summary>
    public async Task<TResponse?> ReadMessageAsync(CancellationToken cancellationToken = default)
    {
        if (status is not null)
        {
            return null;
        }
        using var registration = cancellationToken.CanBeCanceled ? cancellationToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), callSource) : default;
        try
        {
            var header = new byte[GrpcProtocol.HeaderSize];
            var read = await responseStream!.ReadAtLeastAsync(header, GrpcProtocol.HeaderSize, throwOnEndOfStream: false, callSource.Token);
            if (read == 0)
            {
                FinishFromTrailers();
                return null;
            }
            if (read < GrpcProtocol.HeaderSize)
            {
                throw Finish(new Status(StatusCode.Internal, "Incomplete message header in the response."));
            }
            var compressed = header[0] != 0;
            var length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
            if (channel.Options.MaxReceiveMessageSize is { } max && length > max)
            {
                throw Finish(new Status(StatusCode.ResourceExhausted, $"Received message of {length} bytes exceeds the limit of {max} bytes."));
            }
            var buffer = ArrayPool<byte>.Shared.Rent((int)length);
            try
            {
                read = await responseStream.ReadAtLeastAsync(buffer.AsMemory(0, (int)length), (int)length, throwOnEndOfStream: false, callSource.Token);
                if (read < length)
                {
                    throw Finish(new Status(StatusCode.Internal, "Incomplete message in the response."));
                }
                if (compressed && !GrpcProtocol.IsCompressingEncoding(responseEncoding))
                {
                    throw Finish(new Status(StatusCode.Internal, "Response message is flagged compressed but the response has no grpc-encoding."));
                }
                current = compressed
                    ? method.ResponseParser.ParseFrom(GrpcCompression.Decompress(new ReadOnlySequence<byte>(buffer, 0, (int)length), channel.Options.MaxReceiveMessageSize))
                    : method.ResponseParser.ParseFrom(buffer, 0, (int)length);
                return current;
            }
            catch (InvalidProtocolBufferException)
            {
                throw Finish(new Status(StatusCode.Internal, $"Failed to parse the response message as {typeof(TResponse).Name}."));
            }
            catch (RpcException exception) when (status is null)
            {
                throw Finish(exception.Status);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException && status is null)
        {
            throw Finish(callSource.IsCancellationRequested ? CancelledStatus() : new Status(StatusCode.Unavailable, $"Error reading the response: {exception.Message}"));
        }
    }

    /// <summary>Starts a streaming call in the background; reads and writes wait for it.</summary>
    public void Start(TRequest? request)
    {
        started = StartAsync(request);
        started.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    public Task CompleteRequestAsync() => RequestContent!.CompleteAsync();

    public async Task<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        await started!;
        var message = await ReadMessageAsync(cancellationToken);
        if (message is not null)
        {
            return true;
        }
        if (status!.Value.StatusCode != StatusCode.OK)
        {
            throw new RpcException(status.Value, trailers!);
        }
        return false;
    }

    /// <summary>Writes one request message on a streaming call.</summary>
    public async Task WriteAsync(TRequest message, WriteOptions? writeOptions, CancellationToken cancellationToken)
    {
        if (status is { } finished)
        {
            throw new RpcException(finished, trailers ?? [], "The call has already finished.");
        }
        var frame = Frame(message, writeOptions);
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, callSource.Token);
            await RequestContent!.WriteAsync(frame, linked.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException or ObjectDisposedException)
        {
            throw new RpcException(status ?? (callSource.IsCancellationRequested ? CancelledStatus() : new Status(StatusCode.Unavailable, exception.Message)));
        }
    }

    private byte[] Frame(TRequest message, WriteOptions? writeOptions = null)
    {
        var size = message.CalculateSize();
        if (channel.Options.MaxSendMessageSize is { } max && size > max)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, $"Sending message of {size} bytes exceeds the limit of {max} bytes."));
        }
        var flags = (writeOptions ?? options.WriteOptions)?.Flags ?? WriteFlags.None;
        if (GrpcProtocol.IsCompressingEncoding(requestEncoding) && (flags & WriteFlags.NoCompress) == 0)
        {
            var compressed = GrpcCompression.Compress(message.ToByteArray());
            var compressedFrame = new byte[GrpcProtocol.HeaderSize + compressed.Length];
            GrpcProtocol.WriteHeader(compressedFrame, compressed: true, compressed.Length);
            compressed.CopyTo(compressedFrame, GrpcProtocol.HeaderSize);
            return compressedFrame;
        }
        var frame = new byte[GrpcProtocol.HeaderSize + size];
        GrpcProtocol.WriteHeader(frame, compressed: false, size);
        message.WriteTo(frame.AsSpan(GrpcProtocol.HeaderSize));
        return frame;
    }

    private HttpRequestMessage CreateRequest(Uri address, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, channel.MethodUri(address, method.FullName))
        {
            Version = Http2,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        var requestHeaders = request.Headers;
        requestHeaders.TryAddWithoutValidation("te", "trailers");
        requestHeaders.TryAddWithoutValidation("user-agent", "grpc-revops/1.0");
        requestHeaders.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, GrpcProtocol.SupportedEncodings);
        if (requestEncoding is not null)
        {
            requestHeaders.TryAddWithoutValidation(GrpcProtocol.EncodingHeader, requestEncoding);
        }
        if (deadlineSource is not null)
        {
            var remaining = options.Deadline!.Value.ToUniversalTime() - DateTime.UtcNow;
            requestHeaders.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcProtocol.FormatTimeout(remaining));
        }
        if (options.Headers is { } metadata)
        {
            foreach (var entry in metadata)
            {
                if (entry.Key != CallOptions.RequestEncodingHeader)
                {
                    requestHeaders.TryAddWithoutValidation(entry.Key, MetadataCodec.Encode(entry));
                }
            }
        }
        return request;
    }

    private void FinishFromTrailers()
    {
        var trailing = response!.TrailingHeaders;
        status = FirstHeader(trailing, GrpcProtocol.StatusHeader) is null
            ? new Status(StatusCode.Internal, "The response ended without a grpc-status.")
            : ReadStatus(trailing);
        trailers = ToMetadata(trailing, keepStatusDetails: true);
        Dispose();
    }

    private RpcException Finish(Status finalStatus)
    {
        status ??= finalStatus;
        trailers ??= [];
        headers.TrySetException(new RpcException(status.Value, trailers));
        // Observed here so an unawaited headers task doesn't surface as unobserved.
        _ = headers.Task.Exception;
        Dispose();
        return new RpcException(status.Value, trailers);
    }

    /// <summary>Overrides an OK status the server sent when the response itself broke the protocol.</summary>
    private RpcException Fail(Status finalStatus)
    {
        status = finalStatus;
        trailers ??= [];
        Dispose();
        return new RpcException(finalStatus, trailers);
    }

    private Status CancelledStatus() =>
        deadlineSource?.IsCancellationRequested == true && !options.CancellationToken.IsCancellationRequested
            ? new Status(StatusCode.DeadlineExceeded, "Deadline exceeded.")
            : new Status(StatusCode.Cancelled, "Call cancelled by the client.");

    private bool CanRetry(RpcException exception, int attempt, TRequest? request) =>
        options.IsIdempotent
        && request is not null
        && exception.StatusCode == StatusCode.Unavailable
        && attempt < channel.Options.MaxAttempts
        && !callSource.IsCancellationRequested;

    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(channel.Options.MaxBackoff.TotalMilliseconds, channel.Options.InitialBackoff.TotalMilliseconds * Math.Pow(2, attempt - 1));
        // Full jitter spreads retries from many clients.
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + Random.Shared.NextDouble() / 2));
    }

    private void Reset()
    {
        response?.Dispose();
        response = null;
        responseStream = null;
        status = null;
        trailers = null;
        disposed = false;
        headers = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private static Status ReadStatus(HttpHeaders source)
    {
        var text = FirstHeader(source, GrpcProtocol.StatusHeader);
        var code = int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? (StatusCode)value
            : StatusCode.Unknown;
        return new Status(code, GrpcProtocol.DecodeMessage(FirstHeader(source, GrpcProtocol.MessageHeader)));
    }

    private static string? FirstHeader(HttpHeaders source, string name) =>
        source.NonValidated.TryGetValues(name, out var values) && values.Count > 0 ? values.First() : null;

    private static Metadata ToMetadata(HttpHeaders source, bool keepStatusDetails)
    {
        var metadata = new Metadata();
        foreach (var (key, values) in source.NonValidated)
        {
            var keep = !GrpcProtocol.IsReservedHeader(key)
                || (keepStatusDetails && key.Equals(RpcExceptions.StatusDetailsTrailer, StringComparison.OrdinalIgnoreCase));
            if (keep)
            {
                MetadataCodec.AddValues(metadata, key, values);
            }
        }
        return metadata;
    }

    private static StatusCode FromHttpStatus(HttpStatusCode code) => code switch
    {
        HttpStatusCode.BadRequest => StatusCode.Internal,
        HttpStatusCode.Unauthorized => StatusCode.Unauthenticated,
        HttpStatusCode.Forbidden => StatusCode.PermissionDenied,
        HttpStatusCode.NotFound => StatusCode.Unimplemented,
        HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };

    /// <summary>Cancels the call if it is still running (the server sees RST_STREAM) and releases the response.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        if (status is null)
        {
            status = CancelledStatus();
            trailers = [];
            headers.TrySetException(new RpcException(status.Value));
            _ = headers.Task.Exception;
            callSource.Cancel();
        }
        RequestContent?.Abort();
        response?.Dispose();
    }
}
