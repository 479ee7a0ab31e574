using System.Collections.Concurrent;
using System.Net;
using RevOps.Grpc.Internal;

namespace RevOps.Grpc;

/// <summary>A client connection to one service, over one shared HTTP/2 handler; several addresses are used round-robin.</summary>
public sealed class GrpcChannel : IDisposable
{
    private readonly HttpMessageInvoker invoker;
    private readonly bool disposeHandler;
    private readonly ConcurrentDictionary<(Uri Address, string Path), Uri> methodUris = new();

    private GrpcChannel(IReadOnlyList<Uri> addresses, GrpcChannelOptions options)
    {
        if (addresses.Count == 0)
        {
            throw new ArgumentException("A channel needs at least one address.", nameof(addresses));
        }
        foreach (var address in addresses)
        {
            if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"Address '{address}' must be an absolute http:// or https:// URI.", nameof(addresses));
            }
        }
        Options = options;
        Addresses = new AddressPicker(addresses, options.FailedAddressCooldown);
        if (options.HttpHandler is { } handler)
        {
            invoker = new HttpMessageInvoker(handler, disposeHandler: false);
            disposeHandler = options.DisposeHttpHandler;
            ExternalHandler = handler;
        }
        else
        {
            invoker = new HttpMessageInvoker(CreateHandler(), disposeHandler: true);
        }
    }

    public GrpcChannelOptions Options { get; }

    internal HttpMessageInvoker Invoker => invoker;

    internal AddressPicker Addresses { get; }

    private HttpMessageHandler? ExternalHandler { get; }

    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null) => ForAddress(new Uri(address), options);

    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null) => new([address], options ?? new GrpcChannelOptions());

    /// <summary>A channel over replicas of one service: calls go round-robin, skipping addresses that refuse connections.</summary>
    public static GrpcChannel ForAddresses(IEnumerable<Uri> addresses, GrpcChannelOptions? options = null) =>
        new(addresses.ToList(), options ?? new GrpcChannelOptions());

    public CallInvoker CreateCallInvoker() => new(this);

    /// <summary>The request URI of a method on an address, built once: parsing a Uri per call is costly.</summary>
    internal Uri MethodUri(Uri address, string path) =>
        methodUris.GetOrAdd((address, path), static key => new Uri(key.Address, key.Path));

    public void Dispose()
    {
        invoker.Dispose();
        if (disposeHandler)
        {
            ExternalHandler?.Dispose();
        }
    }

    private static SocketsHttpHandler CreateHandler() => new()
    {
        // Several HTTP/2 connections once one runs out of concurrent streams.
        EnableMultipleHttp2Connections = true,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        KeepAlivePingDelay = TimeSpan.FromSeconds(60),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
    };
}
