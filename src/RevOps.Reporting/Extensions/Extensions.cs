namespace RevOps.Reporting.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("reportingdb", typeof(Extensions).Assembly);
        builder.AddMessaging();
    }
}
