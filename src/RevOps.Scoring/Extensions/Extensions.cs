using Npgsql;
using RevOps.Grpc;
using RevOps.Scoring.Contracts;
using RevOps.Scoring.Data;

namespace RevOps.Scoring.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        PrepareRepeatedStatements(builder.Configuration, "scoringdb");
        builder.AddNpgsqlDataSource("scoringdb", typeof(Extensions).Assembly);
        builder.AddMessaging();
        builder.Services.AddGrpc();

        builder.Services.AddSingleton<ContractStore>();
        builder.Services.AddSingleton<ActiveContract>();
        builder.Services.AddSingleton<LeadStore>();
        builder.Services.AddSingleton<FeedbackStore>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<LeadBatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LeadBatcher>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxSignal>());
        // Registered after the migration runner: hosted services start in order, so the schema exists when it seeds.
        builder.Services.AddHostedService<ActiveContractMonitor>();
    }

    /// <summary>
    /// Every lead runs the same few statements: Npgsql prepares them on each pooled connection after a couple of uses, so
    /// PostgreSQL stops parsing and planning them each time (the biggest cost of small unary batches). A setting the
    /// connection string already has wins.
    /// </summary>
    private static void PrepareRepeatedStatements(IConfiguration configuration, string name)
    {
        if (configuration.GetConnectionString(name) is not { } connectionString)
            return;
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (settings.MaxAutoPrepare > 0)
            return;
        settings.MaxAutoPrepare = 50;
        settings.AutoPrepareMinUsages = 2;
        configuration[$"ConnectionStrings:{name}"] = settings.ConnectionString;
    }
}
