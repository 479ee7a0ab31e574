using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace RevOps.ServiceDefaults.Tests;

public sealed class PoolSizeTests
{
    [Theory]
    [InlineData("Host=127.0.0.1;Database=testdb", NpgsqlExtensions.DefaultMaxPoolSize)]
    [InlineData("Host=127.0.0.1;Database=testdb;Maximum Pool Size=7", 7)]
    [InlineData("Host=127.0.0.1;Database=testdb;MaxPoolSize=100", 100)]
    public void Each_process_takes_a_bounded_share_of_the_servers_connections_unless_told_otherwise(string connectionString, int expected)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:testdb"] = connectionString;
        builder.AddNpgsqlDataSource("testdb", typeof(PoolSizeTests).Assembly);
        using var host = builder.Build();
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxPoolSize);
    }
}
