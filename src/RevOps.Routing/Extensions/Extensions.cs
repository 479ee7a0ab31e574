namespace RevOps.Routing.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("routingdb", typeof(Extensions).Assembly);
        builder.AddMessaging();
    }
}
