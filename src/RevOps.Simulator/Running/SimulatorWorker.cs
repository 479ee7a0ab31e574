using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.RevenueContract;
using RevOps.Simulator.Planning;

namespace RevOps.Simulator.Running;

/// <summary>The simulator's life: read the active contract, register the reps, run the plan, report the totals every few seconds.</summary>
internal sealed partial class SimulatorWorker(RevOpsClient client, RetryingCaller caller, SimulatedReps reps, SimulationRunner runner,
    SimulatorMetrics metrics, SimulatorOptions options, ILogger<SimulatorWorker> logger) : BackgroundService
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StandDownTimeout = TimeSpan.FromSeconds(3);

    private IReadOnlyList<RoutingRep> _roster = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var contract = await LoadContractAsync(stoppingToken);
        var scenario = Scenario.Find(options.Scenario);
        _roster = SimulatedReps.Roster(contract, options.RepsPerTeam);
        await reps.RegisterAsync(_roster, stoppingToken);

        var plan = SimulationPlanner.Plan(contract, scenario, options);
        LogStarting(logger, scenario.Name, options.Seed, options.Rate, options.Duration?.ToString() ?? "unbounded", options.Acceleration, contract.Version);
        using var reporting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var reporter = ReportAsync(reporting.Token);
        await runner.RunAsync(contract, plan, _roster, stoppingToken);
        await reporting.CancelAsync();
        await reporter;
        // A bounded run stays up (and healthy) once done: under the AppHost an exited process would be restarted.
        LogFinished(logger, metrics.Totals.ToString());
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StandDownTimeout);
        try
        {
            await reps.StandDownAsync(_roster, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Routing may be stopping too; the reps stay active until the next run upserts them again.
        }
        LogStopped(logger, metrics.Totals.ToString());
    }

    /// <summary>The contract scoring has active, or the shipped default when scoring cannot say (the plan only needs criteria).</summary>
    private async Task<ContractDocument> LoadContractAsync(CancellationToken ct)
    {
        var active = await caller.CallAsync("GetActive", client.GetActiveContractAsync, ct);
        if (active is not null)
            return ContractLoader.Load(active.Yaml);
        LogDefaultContract(logger);
        return ContractLoader.LoadDefault();
    }

    private async Task ReportAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(ReportInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
                LogProgress(logger, metrics.Totals.ToString());
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Simulating scenario {Scenario} with seed {Seed}: {Rate} leads/s for {Duration}, {Acceleration}x time, contract v{ContractVersion}")]
    private static partial void LogStarting(ILogger logger, string scenario, int seed, double rate, string duration, double acceleration, int contractVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulator: {Totals}")]
    private static partial void LogProgress(ILogger logger, string totals);

    [LoggerMessage(Level = LogLevel.Information, Message = "Plan finished: {Totals}; idling until stopped")]
    private static partial void LogFinished(ILogger logger, string totals);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulator stopped: {Totals}")]
    private static partial void LogStopped(ILogger logger, string totals);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scoring did not return the active contract; planning with the shipped default")]
    private static partial void LogDefaultContract(ILogger logger);
}
