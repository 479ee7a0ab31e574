using System.Text;
using RevOps.Sla.Data;
using RevOps.Sla.Domain;

namespace RevOps.Sla.Timers;

/// <summary>
/// POSTs escalation webhooks queued with their breach, retrying failures with <see cref="WebhookRetryPolicy"/>'s backoff.
/// A claim pushes the next attempt out first, so a replica dying mid-POST leaves the webhook to be retried, not lost.
/// </summary>
public sealed class WebhookSender(ClockStore store, IHttpClientFactory httpClients, WebhookRetryPolicy retryPolicy, TimeProvider time,
    ILogger<WebhookSender> logger) : BackgroundService
{
    public const string HttpClientName = "sla-webhooks";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = time.GetUtcNow();
                var claimed = await store.ClaimWebhooksAsync(now, now + AttemptTimeout * 2, 20, stoppingToken);
                await Task.WhenAll(claimed.Select(delivery => DeliverAsync(delivery, stoppingToken)));
                if (claimed.Count == 0)
                    await Task.Delay(PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Webhook round failed; retrying");
                try
                {
                    await Task.Delay(PollInterval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private async Task DeliverAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        string error;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(AttemptTimeout);
            using var content = new StringContent(delivery.PayloadJson, Encoding.UTF8, "application/json");
            using var response = await httpClients.CreateClient(HttpClientName).PostAsync(delivery.Url, content, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                await store.MarkWebhookDeliveredAsync(delivery.Id, time.GetUtcNow(), cancellationToken);
                logger.LogInformation("Webhook {DeliveryId} for breach {BreachId} delivered to {Url} on attempt {Attempt}",
                    delivery.Id, delivery.BreachId, delivery.Url, delivery.Attempts);
                return;
            }
            error = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            error = ex.Message;
        }
        var next = retryPolicy.NextAttemptAt(delivery.Attempts, time.GetUtcNow());
        await store.MarkWebhookFailedAsync(delivery.Id, error, next, cancellationToken);
        logger.LogWarning("Webhook {DeliveryId} to {Url} failed on attempt {Attempt} ({Error}); next attempt {NextAttemptAt}",
            delivery.Id, delivery.Url, delivery.Attempts, error, next);
    }
}
