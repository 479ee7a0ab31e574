using RevOps.Grpc;
using RevOps.Scoring.Contracts;
using RevOps.Scoring.Data;

namespace RevOps.Scoring.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("scoringdb", typeof(Extensions).Assembly);
        builder.AddMessaging();
        builder.Services.AddGrpc();

        builder.Services.AddSingleton<ContractStore>();
        builder.Services.AddSingleton<ActiveContract>();
        builder.Services.AddSingleton<LeadStore>();
        builder.Services.AddSingleton<FeedbackStore>();
        builder.Services.AddSingleton<LeadBatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LeadBatcher>());
        // Registered after the migration runner: hosted services start in order, so the schema exists when it seeds.
        builder.Services.AddHostedService<ActiveContractMonitor>();
    }
}
