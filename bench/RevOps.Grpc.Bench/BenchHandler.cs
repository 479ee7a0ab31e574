namespace RevOps.Grpc.Bench;

/// <summary>Our server's handler for the benchmark method.</summary>
public sealed class BenchHandler
{
    public Task<ScoreReply> Score(ScoreRequest request, ServerCallContext context) =>
        Task.FromResult(new ScoreReply { LeadId = request.LeadId, Score = 87, Qualified = true });
}
