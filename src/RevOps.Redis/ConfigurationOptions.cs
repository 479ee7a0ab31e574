using System.Globalization;

namespace RevOps.Redis;

/// <summary>
/// Connection settings, parsed from the StackExchange.Redis connection-string format:
/// <c>host:port,password=..,user=..,defaultDatabase=n,connectTimeout=ms,syncTimeout=ms,abortConnect=false</c>.
/// </summary>
public sealed class ConfigurationOptions
{
    public const int DefaultPort = 6379;

    // Accepted so SE.Redis strings parse unchanged; they have no effect on this client.
    private static readonly HashSet<string> IgnoredKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "allowAdmin", "connectRetry", "keepAlive", "resolveDns", "configCheckSeconds", "tiebreaker",
        "version", "configChannel", "serviceName", "setlib", "checkCertificateRevocation", "highPrioritySocketThreads",
    };

    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = DefaultPort;

    public string? User { get; set; }

    public string? Password { get; set; }

    public int DefaultDatabase { get; set; }

    public string? ClientName { get; set; }

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Each command's timeout, from <c>syncTimeout</c> (or <c>asyncTimeout</c> when given).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>When true (the default, as in SE.Redis) ConnectAsync throws if the first connection fails.</summary>
    public bool AbortOnConnectFail { get; set; } = true;

    /// <summary>RESP version to ask for; RESP3 falls back to RESP2 when the server refuses HELLO 3.</summary>
    public RedisProtocol Protocol { get; set; } = RedisProtocol.Resp3;

    /// <summary>Longest wait between reconnect attempts (backoff doubles up to this).</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(1);

    public static ConfigurationOptions Parse(string configuration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        var options = new ConfigurationOptions();
        bool endpointSeen = false;
        bool asyncTimeoutSeen = false;
        foreach (var rawPart in configuration.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = rawPart.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                if (endpointSeen)
                {
                    throw new ArgumentException($"Only one endpoint is supported; found a second one, '{rawPart}'.", nameof(configuration));
                }
                (options.Host, options.Port) = ParseEndpoint(rawPart);
                endpointSeen = true;
                continue;
            }
            var key = rawPart[..eq].Trim();
            var value = rawPart[(eq + 1)..].Trim();
            switch (key.ToLowerInvariant())
            {
                case "password":
                    options.Password = value;
                    break;
                case "user":
                    options.User = value;
                    break;
                case "defaultdatabase":
                    options.DefaultDatabase = ParseInt(key, value, min: 0);
                    break;
                case "name":
                    options.ClientName = value;
                    break;
                case "connecttimeout":
                    options.ConnectTimeout = TimeSpan.FromMilliseconds(ParseInt(key, value, min: 1));
                    break;
                case "synctimeout" when !asyncTimeoutSeen:
                case "asynctimeout":
                    options.CommandTimeout = TimeSpan.FromMilliseconds(ParseInt(key, value, min: 1));
                    asyncTimeoutSeen |= key.Equals("asyncTimeout", StringComparison.OrdinalIgnoreCase);
                    break;
                case "synctimeout":
                    break;
                case "abortconnect":
                    options.AbortOnConnectFail = ParseBool(key, value);
                    break;
                case "protocol":
                    options.Protocol = value.ToLowerInvariant() switch
                    {
                        "resp2" or "2" => RedisProtocol.Resp2,
                        "resp3" or "3" => RedisProtocol.Resp3,
                        _ => throw new ArgumentException($"protocol must be resp2 or resp3, not '{value}'.", nameof(configuration)),
                    };
                    break;
                case "ssl":
                    if (ParseBool(key, value))
                    {
                        throw new ArgumentException("ssl=true is not supported by this client.", nameof(configuration));
                    }
                    break;
                default:
                    if (!IgnoredKeys.Contains(key))
                    {
                        throw new ArgumentException($"Unknown connection-string option '{key}'.", nameof(configuration));
                    }
                    break;
            }
        }
        if (!endpointSeen)
        {
            throw new ArgumentException("The connection string names no host:port endpoint.", nameof(configuration));
        }
        return options;
    }

    private static (string Host, int Port) ParseEndpoint(string endpoint)
    {
        string host = endpoint;
        string? port = null;
        if (endpoint.StartsWith('['))
        {
            int close = endpoint.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new ArgumentException($"Bad endpoint '{endpoint}': missing ']'.");
            }
            host = endpoint[1..close];
            if (close + 1 < endpoint.Length)
            {
                port = endpoint[(close + 1)..].TrimStart(':');
            }
        }
        else if (endpoint.Count(c => c == ':') == 1)
        {
            int colon = endpoint.IndexOf(':', StringComparison.Ordinal);
            host = endpoint[..colon];
            port = endpoint[(colon + 1)..];
        }
        if (host.Length == 0)
        {
            throw new ArgumentException($"Bad endpoint '{endpoint}': empty host.");
        }
        return (host, port is null ? DefaultPort : ParseInt("port", port, min: 1, max: 65535));
    }

    private static int ParseInt(string key, string value, int min, int max = int.MaxValue) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"Connection-string option '{key}' must be an integer from {min} to {max}, not '{value}'.");

    private static bool ParseBool(string key, string value) =>
        bool.TryParse(value, out var b) ? b : throw new ArgumentException($"Connection-string option '{key}' must be true or false, not '{value}'.");

    public override string ToString() => $"{Host}:{Port}";
}
