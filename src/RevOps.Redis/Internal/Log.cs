using Microsoft.Extensions.Logging;

namespace RevOps.Redis.Internal;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Redis connected to {Endpoint} using {Protocol}")]
    public static partial void Connected(ILogger logger, string endpoint, RedisProtocol protocol);

    [LoggerMessage(2, LogLevel.Warning, "Redis connection to {Endpoint} lost: {Reason}")]
    public static partial void ConnectionLost(ILogger logger, string endpoint, string reason);

    [LoggerMessage(3, LogLevel.Warning, "Redis reconnect to {Endpoint} failed (attempt {Attempt}), next try in {DelayMs} ms: {Reason}")]
    public static partial void ReconnectFailed(ILogger logger, string endpoint, int attempt, long delayMs, string reason);

    [LoggerMessage(4, LogLevel.Error, "Redis at {Endpoint} refused our credentials: {Reason}")]
    public static partial void AuthenticationFailed(ILogger logger, string endpoint, string reason);

    [LoggerMessage(5, LogLevel.Debug, "Redis send to {Endpoint} stopped: {Reason}")]
    public static partial void SendFailed(ILogger logger, string endpoint, string reason);

    [LoggerMessage(6, LogLevel.Information, "Redis server at {Endpoint} refused RESP3, using RESP2: {Reason}")]
    public static partial void Resp3Refused(ILogger logger, string endpoint, string reason);

    [LoggerMessage(7, LogLevel.Information, "Redis script {Sha1} missing on the server (NOSCRIPT), sending its source")]
    public static partial void ScriptReloaded(ILogger logger, string sha1);

    [LoggerMessage(8, LogLevel.Error, "Redis {EventName} subscriber threw")]
    public static partial void EventHandlerFailed(ILogger logger, string eventName, Exception exception);
}
