using Microsoft.Extensions.Logging.Abstractions;
using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.Simulator.Running;

namespace RevOps.Simulator.Tests;

public class RetryingCallerTests
{
    private static RpcException Status(StatusCode code) => new(new Status(code, $"test {code}"));

    [Fact]
    public async Task Unavailable_is_retried_with_the_same_request_and_counted()
    {
        using var metrics = new SimulatorMetrics();
        var caller = new RetryingCaller(metrics, NullLogger<RetryingCaller>.Instance);
        var request = new SubmitLeadRequest { IdempotencyKey = "sim-1-0-0" };
        var sent = new List<SubmitLeadRequest>();

        var response = await caller.CallAsync("SubmitLead", _ =>
        {
            sent.Add(request);
            return sent.Count <= 2 ? throw Status(StatusCode.Unavailable) : Task.FromResult(new SubmitLeadResponse { LeadId = "lead" });
        }, TestContext.Current.CancellationToken);

        Assert.Equal("lead", response?.LeadId);
        Assert.Equal(3, sent.Count);
        Assert.All(sent, r => Assert.Equal("sim-1-0-0", r.IdempotencyKey));
        Assert.Equal(new SimulatorTotals(0, 0, Requests: 1, Retries: 2, Failures: 0, Skipped: 0), metrics.Totals);
    }

    [Fact]
    public async Task Other_errors_are_counted_and_end_the_call_without_throwing()
    {
        using var metrics = new SimulatorMetrics();
        var caller = new RetryingCaller(metrics, NullLogger<RetryingCaller>.Instance);
        var attempts = 0;

        var response = await caller.CallAsync<SubmitLeadResponse>("SubmitLead", _ =>
        {
            attempts++;
            throw Status(StatusCode.InvalidArgument);
        }, TestContext.Current.CancellationToken);

        Assert.Null(response);
        Assert.Equal(1, attempts);
        Assert.Equal(1, metrics.Totals.Failures);
    }

    [Fact]
    public async Task An_expected_status_is_an_answer_not_a_failure()
    {
        using var metrics = new SimulatorMetrics();
        var caller = new RetryingCaller(metrics, NullLogger<RetryingCaller>.Instance);

        var response = await caller.CallAsync<ExplainAssignmentResponse>("ExplainAssignment", _ => throw Status(StatusCode.NotFound),
            TestContext.Current.CancellationToken, expected: StatusCode.NotFound);

        Assert.Null(response);
        Assert.Equal(default, metrics.Totals);
    }
}
