using System.Net.Sockets;
using System.Text;
using Npgsql;
using RevOps.Hosting.Internal;

namespace RevOps.Hosting.Tests;

public class InfrastructureTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private static DistributedApplicationBuilder NewBuilder() =>
        DistributedApplication.CreateBuilder(new DistributedApplicationOptions { ForTesting = true });

    [Fact]
    public async Task Postgres_starts_creates_the_database_and_dispose_leaves_no_process()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = NewBuilder();
        builder.AddPostgres("postgres").AddDatabase("appdb");
        var app = await builder.BuildAsync(ct);
        int pid;
        string dataDirectory = app.DataDirectory;
        await using (app)
        {
            await app.StartAsync(ct);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("appdb", ct).WaitAsync(StartTimeout, ct);

            await using var connection = new NpgsqlConnection(await app.GetConnectionStringAsync("appdb", ct));
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("CREATE TABLE t(v int); INSERT INTO t VALUES (41), (1); SELECT current_database() || ':' || sum(v) FROM t", connection);
            Assert.Equal("appdb:42", await command.ExecuteScalarAsync(ct));
            pid = app.ResourceNotifications.GetSnapshot("postgres").Pid!.Value;
            Assert.Equal("postgres", File.ReadAllText($"/proc/{pid}/comm").Trim());
        }
        Assert.False(ProcessInspector.IsAlive(pid));
        Assert.Empty(ProcessInspector.WithCommandLineContaining(dataDirectory));
        Assert.False(Directory.Exists(dataDirectory));
    }

    [Fact]
    public async Task Redis_requires_its_password_and_can_be_stopped_and_started_again()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = NewBuilder();
        var redis = builder.AddRedis("redis");
        await using var app = await builder.BuildAsync(ct);
        await app.StartAsync(ct);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("redis", ct).WaitAsync(StartTimeout, ct);
        var port = app.ResourceNotifications.GetSnapshot("redis").Endpoints["tcp"].Split(':')[^1];
        var password = (await app.GetConnectionStringAsync("redis", ct))!.Split("password=")[1];

        Assert.StartsWith("-", await SendAsync(int.Parse(port), "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", ct));
        Assert.True(await ReadinessProbes.RedisAsync(int.Parse(port), password, ct));
        Assert.False(await ReadinessProbes.RedisAsync(int.Parse(port), "wrong-password", ct));

        await app.StopResourceAsync("redis", ct);
        Assert.Equal(KnownResourceStates.Stopped, app.ResourceNotifications.GetSnapshot("redis").State);
        Assert.False(await ReadinessProbes.RedisAsync(int.Parse(port), password, ct));

        await app.StartResourceAsync("redis", ct);
        Assert.Equal(HealthStatus.Healthy, app.ResourceNotifications.GetSnapshot("redis").Health);
        Assert.True(await ReadinessProbes.RedisAsync(int.Parse(port), password, ct));
        Assert.Equal(redis.Resource.ConnectionString, await app.GetConnectionStringAsync("redis", ct));
    }

    [Fact]
    public async Task RabbitMQ_answers_the_AMQP_handshake_and_dispose_stops_beam_and_epmd()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = NewBuilder();
        builder.AddRabbitMQ("messaging");
        var app = await builder.BuildAsync(ct);
        var dataDirectory = app.DataDirectory;
        await using (app)
        {
            await app.StartAsync(ct);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("messaging", ct).WaitAsync(StartTimeout, ct);
            var port = int.Parse(app.ResourceNotifications.GetSnapshot("messaging").Endpoints["tcp"].Split(':')[^1]);
            Assert.True(await ReadinessProbes.AmqpAsync(port, ct));
            Assert.NotEmpty(ProcessInspector.WithCommandLineContaining(dataDirectory));
        }
        // beam.smp carries the data folder in its arguments; epmd and the script run from it too.
        await Eventually.TrueAsync(() => ProcessInspector.WithCommandLineContaining(dataDirectory).Count == 0, TimeSpan.FromSeconds(5), "no rabbitmq process left");
    }

    [Fact]
    public async Task A_missing_dependency_fails_its_dependants_with_a_clear_error()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = NewBuilder();
        var project = builder.AddProject<Projects.RevOps_Hosting_EchoApp>("echo");
        project.Resource.AssemblyPath = "/nonexistent/Echo.dll";
        await using var app = await builder.BuildAsync(ct);
        await app.StartAsync(ct);
        var error = await Assert.ThrowsAsync<DistributedApplicationException>(
            () => app.ResourceNotifications.WaitForResourceHealthyAsync("echo", ct).WaitAsync(StartTimeout, ct));
        Assert.Contains("/nonexistent/Echo.dll", error.Message, StringComparison.Ordinal);
    }

    private static async Task<string> SendAsync(int port, string request, CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, ct);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), ct);
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer, ct);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }
}
