using System.Diagnostics;
using RevOps.Grpc;

namespace RevOps.Simulator.Running;

/// <summary>
/// Sends one request: UNAVAILABLE (a service restarting, a replica gone) and DEADLINE_EXCEEDED are retried with backoff, and the
/// caller's request keeps its idempotency key, so a retry never creates a second lead or touch. Any other status is logged and
/// counted and the call returns null: one bad request never stops the run.
/// </summary>
public sealed partial class RetryingCaller(SimulatorMetrics metrics, ILogger<RetryingCaller> logger)
{
    /// <summary>Long enough to outlast a service the AppHost restarts (about half a minute on a busy two-core machine).</summary>
    public static readonly TimeSpan RetryBudget = TimeSpan.FromMinutes(1);

    private const int MaxConcurrentCalls = 32;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    // Bounds the requests in flight when the services fall behind, instead of piling up thousands of calls.
    private readonly SemaphoreSlim _inFlight = new(MaxConcurrentCalls);

    /// <param name="expected">A status that is an answer rather than a failure (e.g. NOT_FOUND while waiting for routing): null, not counted.</param>
    public async Task<TResponse?> CallAsync<TResponse>(string method, Func<CancellationToken, Task<TResponse>> call, CancellationToken ct,
        StatusCode? expected = null)
        where TResponse : class
    {
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            await _inFlight.WaitAsync(ct);
            try
            {
                var response = await call(ct);
                metrics.Answered(method);
                return response;
            }
            catch (RpcException) when (ct.IsCancellationRequested)
            {
                throw new OperationCanceledException(ct);
            }
            catch (RpcException e) when (e.StatusCode == expected)
            {
                return null;
            }
            catch (RpcException e) when (IsTransient(e.StatusCode) && Stopwatch.GetElapsedTime(started) < RetryBudget)
            {
                metrics.Retried(method);
                LogRetry(logger, attempt == 1 ? LogLevel.Warning : LogLevel.Debug, method, e.StatusCode, attempt, e.Status.Detail);
            }
            catch (RpcException e)
            {
                metrics.Failed(method, e.StatusCode);
                LogFailed(logger, method, e.StatusCode, e.Status.Detail);
                return null;
            }
            finally
            {
                _inFlight.Release();
            }
            await Task.Delay(Backoff(attempt), ct);
        }
    }

    private static bool IsTransient(StatusCode status) => status is StatusCode.Unavailable or StatusCode.DeadlineExceeded;

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromTicks(Math.Min(FirstBackoff.Ticks << Math.Min(attempt - 1, 10), MaxBackoff.Ticks));

    // The first retry of a call is worth a warning; its next ones would only flood the log while a service restarts.
    [LoggerMessage(Message = "{Method} got {Status} (attempt {Attempt}); retrying with the same idempotency key: {Detail}")]
    private static partial void LogRetry(ILogger logger, LogLevel level, string method, StatusCode status, int attempt, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} failed with {Status}; the run goes on: {Detail}")]
    private static partial void LogFailed(ILogger logger, string method, StatusCode status, string detail);
}
