using System.Collections.Concurrent;
using System.Diagnostics;
using RevOps.Contracts.V1;
using RevOps.Grpc;

namespace RevOps.EndToEnd.Tests.Nemesis;

/// <summary>
/// An upstream system at a steady pace: lead i is sent at i / rate seconds whatever happened to lead i - 1, each with a
/// unique external id that doubles as its idempotency key. A failed call is retried with the same key until scoring answers,
/// so a lead whose first try met a fault must still end up whole, once. Every lead qualifies and routes to the default team.
/// </summary>
public sealed class LeadLoad(CallInvoker scoring, string runId, NemesisOptions options)
{
    public const string Source = "web_form";
    private static readonly TimeSpan RetryBudget = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);

    /// <summary>Acknowledged leads: external id → the lead id scoring answered with.</summary>
    public ConcurrentDictionary<string, string> Acknowledged { get; } = new(StringComparer.Ordinal);

    /// <summary>Leads whose first try failed, by the status it failed with.</summary>
    public ConcurrentDictionary<StatusCode, int> FirstTryFailures { get; } = new();

    /// <summary>Leads given up after the retry budget, with their last status: each one is a lost submission.</summary>
    public ConcurrentDictionary<string, StatusCode> GivenUp { get; } = new(StringComparer.Ordinal);

    public int Sent { get; private set; }

    public string ExternalId(int i) => $"{runId}-{i:D6}";

    /// <summary>Sends until <paramref name="until"/> is cancelled, then waits for every lead's calls to finish.</summary>
    public async Task RunAsync(CancellationToken until, CancellationToken ct)
    {
        var calls = new List<Task>();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; !until.IsCancellationRequested; i++)
        {
            var due = TimeSpan.FromSeconds(i / options.Rate) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(due, until);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            calls.Add(SubmitAsync(i, ct));
            Sent = i + 1;
        }
        await Task.WhenAll(calls);
    }

    private async Task SubmitAsync(int i, CancellationToken ct)
    {
        var externalId = ExternalId(i);
        var request = new SubmitLeadRequest
        {
            IdempotencyKey = externalId,
            Lead = new LeadInput
            {
                Email = $"{externalId}@chaos.example.com", FirstName = "Chaos", LastName = $"Lead {i}", Company = $"Chaos {i} Inc",
                JobTitle = "VP Growth", AnnualRevenue = new Money { CurrencyCode = "USD", Units = 12_000_000 },
                DecisionTimelineDays = 30, BudgetAuthority = true, Country = "BR", Region = "LATAM",
                Source = Source, ExternalId = externalId, Campaign = runId,
            },
        };
        var method = Method.Create<SubmitLeadRequest, SubmitLeadResponse>(IngestionReflection.Descriptor.Services[0].FindMethodByName("SubmitLead"));
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                var response = await scoring.AsyncUnaryCall(method, null, new CallOptions(CancellationToken: deadline.Token), request);
                Acknowledged[externalId] = response.LeadId;
                return;
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                var status = e is RpcException rpc ? rpc.StatusCode : StatusCode.DeadlineExceeded;
                if (status == StatusCode.InvalidArgument)
                {
                    throw; // the request itself is wrong: a test bug, not a fault
                }
                if (attempt == 1)
                {
                    FirstTryFailures.AddOrUpdate(status, 1, (_, n) => n + 1);
                }
                if (Stopwatch.GetElapsedTime(started) > RetryBudget)
                {
                    GivenUp[externalId] = status;
                    return;
                }
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(100 * Math.Pow(2, attempt - 1), MaxBackoff.TotalMilliseconds)), ct);
        }
    }
}
