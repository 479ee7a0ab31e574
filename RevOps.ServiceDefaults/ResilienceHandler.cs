using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace RevOps.ServiceDefaults;

/// <summary>
/// The standard pipeline for outgoing HTTP calls (Microsoft.Extensions.Http.Resilience is not served here):
/// a total timeout, retries with jittered backoff for idempotent requests only, a per-attempt timeout.
/// </summary>
internal sealed class ResilienceHandler : DelegatingHandler
{
    private static readonly ResiliencePipeline<HttpResponseMessage> Pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
        .AddTimeout(TimeSpan.FromSeconds(30))
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = 3,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome) && IsIdempotent(args.Context)),
        })
        .AddTimeout(TimeSpan.FromSeconds(10))
        .Build();

    private static readonly ResiliencePropertyKey<HttpMethod> MethodKey = new("http.method");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(MethodKey, request.Method);
        try
        {
            return await Pipeline.ExecuteAsync(
                static (ctx, state) => new ValueTask<HttpResponseMessage>(state.Handler.SendCore(state.Request, ctx.CancellationToken)),
                context, (Handler: this, Request: request));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendCore(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    private static bool IsIdempotent(ResilienceContext context) =>
        context.Properties.TryGetValue(MethodKey, out var method)
        && (method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put
            || method == HttpMethod.Delete || method == HttpMethod.Options);

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result.StatusCode: HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests } => true,
        { Result: { } response } => (int)response.StatusCode >= 500,
        _ => false,
    };
}
