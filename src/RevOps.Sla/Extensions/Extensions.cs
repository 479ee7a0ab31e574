namespace RevOps.Sla.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("sladb", typeof(Extensions).Assembly);
        builder.AddMessaging();
    }
}
