namespace RevOps.Scoring.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("scoringdb", typeof(Extensions).Assembly);
        builder.AddMessaging();
    }
}
