using RevOps.Routing.Domain;

namespace RevOps.Routing.Data;

/// <summary>Writes the active contract's teams to routingdb at start-up (after the migrations), so reps can join them.</summary>
public sealed partial class ContractTeamsSeeder(ActiveContract contract, AssignmentStore store, ILogger<ContractTeamsSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var team in contract.Teams)
            await store.UpsertTeamAsync(team, cancellationToken);
        LogSeeded(logger, contract.Teams.Count, contract.Version);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Routing teams from contract v{ContractVersion}: {TeamCount} upserted")]
    private static partial void LogSeeded(ILogger logger, int teamCount, int contractVersion);
}
